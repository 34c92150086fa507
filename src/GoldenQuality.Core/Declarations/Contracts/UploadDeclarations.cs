using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Declarations.Contracts;

/// <summary>
/// Creates drafts from an uploaded JSON file (one declaration or an array of them), all or nothing: every error of
/// every declaration is named <c>[i].field</c>, and a file with any error creates none.
/// </summary>
public sealed class UploadDeclarations
{
    private readonly GqDbContext db;
    private readonly DeclarationFlow flow;
    private readonly JsonSerializerOptions json;

    internal UploadDeclarations(GqDbContext db, DeclarationFlow flow, IOptions<JsonOptions> json) => (this.db, this.flow, this.json) = (db, flow, json.Value.SerializerOptions);

    /// <summary>Reads the file's content (null or empty when no file was sent) and creates its declarations.</summary>
    public async Task<HandlerResult<DeclarationSummary[]>> HandleAsync(Actor actor, Stream? file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!DeclarationAccess.CanDeclare(actor))
        {
            return Problems.Forbidden(new Message("decl.forbidden.declare"));
        }

        var v = new Validation();
        if (file is null || file is { CanSeek: true, Length: 0 })
        {
            v.Add("file", new Message("decl.upload.no-file"));
            return v.Result();
        }

        var requests = await ReadAsync(file, v, ct);
        if (requests is null)
        {
            return v.Result();
        }

        var created = new List<Declaration>();
        foreach (var (r, i) in requests.Select((r, i) => (r, i)))
        {
            var one = new Validation();
            if (await flow.CreateAsync(r, actor, one, ct) is { } d)
            {
                created.Add(d);
            }

            foreach (var (field, reasons) in one.Messages)
            {
                foreach (var reason in reasons)
                {
                    v.Add(string.Create(CultureInfo.InvariantCulture, $"[{i}].{field}"), reason);
                }
            }
        }

        if (!v.IsValid || created.Count == 0)
        {
            if (created.Count == 0 && v.IsValid)
            {
                v.Add("file", new Message("decl.upload.empty"));
            }

            return v.Result();
        }

        await db.SaveChangesAsync(ct);
        return created.Select(DeclarationAccess.Summary).ToArray();
    }

    /// <summary>The declarations of the file, or null with the <c>file</c> error when it is not JSON of declarations.</summary>
    private async Task<DeclarationRequest[]?> ReadAsync(Stream file, Validation v, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(file, cancellationToken: ct);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.Deserialize<DeclarationRequest[]>(json) ?? []
                : [document.RootElement.Deserialize<DeclarationRequest>(json)!];
        }
        catch (JsonException e)
        {
            v.Add("file", new Message("decl.upload.not-json", e.Message));
            return null;
        }
    }
}
