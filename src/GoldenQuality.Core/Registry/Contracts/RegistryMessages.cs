namespace GoldenQuality.Registry.Contracts;

/// <summary>The Registry's exchange vocabulary: the message it publishes.</summary>
public static class RegistryMessages
{
    /// <summary>Published when an enterprise record is created or changed; the payload is the record's view.</summary>
    public const string EnterprisePublished = "registry.enterprise.published";
}
