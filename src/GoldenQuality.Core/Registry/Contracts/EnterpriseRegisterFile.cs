namespace GoldenQuality.Registry.Contracts;

/// <summary>
/// Loads enterprise records from a register file (CSV: <c>uscc, name_zh, name_en, address, area_code,
/// legal_representative, type, business_scope, roles</c>, roles separated by <c>;</c>) into this node's register, as
/// a node's first load from an existing register: every row is checked as the create API checks it (USCC check
/// character, known area, legal form and roles), a USCC already on the register is left as it is, and nothing is
/// published (the records are this node's starting state, not changes). A bad row fails the whole file, naming its
/// line and field; nothing is written then.
/// </summary>
public interface IEnterpriseRegisterFile
{
    /// <summary>Returns the number of rows read; <paramref name="loadedBy"/> is recorded in each new record's history.</summary>
    Task<int> LoadAsync(string file, string loadedBy, CancellationToken ct);
}
