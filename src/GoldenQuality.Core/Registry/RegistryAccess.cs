using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Registry;

/// <summary>The access rules of <see cref="Actor"/> (ids and codes), applied to the Registry's own entities.</summary>
internal static class RegistryAccess
{
    extension(Actor actor)
    {
        /// <summary>True when the actor may read the enterprise's record.</summary>
        public bool CanRead(Enterprise enterprise) => actor.CanRead(enterprise.Id);

        /// <summary>True when the actor may change the enterprise's own fields.</summary>
        public bool CanUpdate(Enterprise enterprise) => actor.CanUpdate(enterprise.Id);

        /// <summary>True when the actor may change records owned by this organisation (its agency and province).</summary>
        public bool CanChangeRecordsOf(Organisation owner) => actor.CanChangeRecordsOf(owner.Agency, owner.ProvinceCode);
    }
}
