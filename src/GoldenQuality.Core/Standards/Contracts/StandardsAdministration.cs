using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;

namespace GoldenQuality.Standards.Contracts;

/// <summary>A catalogue file as CSV, with the name it is downloaded under.</summary>
public sealed record CatalogueFileText(string FileName, string Csv);

/// <summary>Maintains the standards catalogue: import a file (and recompile), export a file, read or reload the compiled index.</summary>
public sealed class StandardsAdministration
{
    private readonly GqDbContext db;
    private readonly StandardsImporter importer;
    private readonly StandardsCatalogue catalogue;

    internal StandardsAdministration(GqDbContext db, StandardsImporter importer, StandardsCatalogue catalogue)
    {
        this.db = db;
        this.importer = importer;
        this.catalogue = catalogue;
    }

    private static bool MayAdminister(Actor actor) => actor.IsAdmin || actor.Roles.HasFlag(UserRoles.System);

    private static IndexView View(StandardsCatalogue.Loaded l) => new(l.Generation, l.LoadedAt, l.Index.Nodes.Count, l.Index.ParameterCount,
        l.Index.Requirements.Length, l.Index.Groups, l.ReadTime.TotalMilliseconds, l.CompileTime.TotalMilliseconds);

    /// <summary>Imports one catalogue file (idempotent; rejected lines come back with their line and reason), then recompiles the index. Administrators and system clients only.</summary>
    public async Task<HandlerResult<ImportResultView>> ImportAsync(Actor actor, string file, Stream csv, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(csv);
        if (!MayAdminister(actor))
        {
            return Problems.Forbidden(new Message("standards.import.admins"));
        }

        if (!WireNames.TryParse<CatalogueFile>(file, out var kind))
        {
            return Problems.NotFound(new Message("noun.catalogue-file"), file);
        }

        // Sep reads synchronously, which Kestrel does not allow on the request body: buffer it first.
        using var body = new MemoryStream();
        await csv.CopyToAsync(body, ct);
        body.Position = 0;
        var (summary, rejects) = await importer.ImportAsync(kind, body, 0, null, ct);
        var loaded = await catalogue.ReloadEverywhereAsync(ct);
        return new ImportResultView(summary, [.. rejects], View(loaded));
    }

    /// <summary>One catalogue file as CSV, in the form the import reads.</summary>
    public async Task<HandlerResult<CatalogueFileText>> ExportAsync(string file, CancellationToken ct)
    {
        if (!WireNames.TryParse<CatalogueFile>(file, out var kind))
        {
            return Problems.NotFound(new Message("noun.catalogue-file"), file);
        }

        // Sep writes synchronously; Kestrel allows only asynchronous writes to the response, so the file is built first.
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        await StandardsExport.WriteAsync(db, kind, text, ct);
        return new CatalogueFileText(StandardsImporter.FileName(kind), text.ToString());
    }

    /// <summary>The compiled index the conformity engine uses now (loaded first when none is).</summary>
    public async Task<IndexView> IndexAsync(CancellationToken ct)
    {
        await catalogue.IndexAsync(ct);
        return View(catalogue.Current!);
    }

    /// <summary>Compiles the catalogue again and swaps the engine's index atomically. Administrators and system clients only.</summary>
    public async Task<HandlerResult<IndexView>> ReloadAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return MayAdminister(actor)
            ? View(await catalogue.ReloadEverywhereAsync(ct))
            : Problems.Forbidden(new Message("standards.reload.admins"));
    }
}
