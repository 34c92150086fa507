using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GoldenQuality.Identity;

/// <summary>
/// Declares in /openapi/v1.json how callers sign in (the session cookie, the API key) and, per operation, the
/// security requirement, the named policy, and the 401/403 (and 429 on sign-in, which is limited) problem responses.
/// </summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string CookieScheme = "cookie";

    public const string ApiKeyScheme = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "gq.session",
            Description = "The session cookie that POST /api/auth/sign-in sets (people).",
        };
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key (systems); also accepted as Authorization: Bearer.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
        ];
        if (policies.Length > 0)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions["x-gq-policies"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray([.. policies.Select(p => (System.Text.Json.Nodes.JsonNode)p!)]));
        }

        operation.Responses ??= [];
        Problem(operation, "401", "Not signed in: no valid session cookie or API key.");
        Problem(operation, "403", policies.Length > 0
            ? $"Signed in, but not allowed: the policy {string.Join(", ", policies)} or the handler's own rule (own enterprise, own office) refuses."
            : "Signed in, but not allowed.");
        if (metadata.OfType<SignInLimited>().Any())
        {
            Problem(operation, "429", "Too many sign-in attempts from this address or with this user name; retry after the time in Retry-After.");
        }

        return Task.CompletedTask;
    }

    private static void Problem(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
            },
        };
    }
}

/// <summary>Marks the sign-in operation, which answers 429 when an address or a user name has tried too often.</summary>
internal sealed class SignInLimited
{
    public static readonly SignInLimited Instance = new();
}
