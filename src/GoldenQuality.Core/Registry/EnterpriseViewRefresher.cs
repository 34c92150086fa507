using System.Text.Json;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoldenQuality.Registry;

/// <summary>
/// Keeps <see cref="Enterprise.ViewJson"/> equal to the API view of the record: every enterprise that is added
/// or changed gets its view rewritten in the same SaveChanges, so the stored view cannot fall behind.
/// </summary>
internal sealed class EnterpriseViewRefresher : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            foreach (var entry in context.ChangeTracker.Entries<Enterprise>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
            {
                var registrations = entry.Collection(e => e.Registrations);
                if (entry.State == EntityState.Modified && !registrations.IsLoaded)
                {
                    await registrations.LoadAsync(cancellationToken);
                }

                foreach (var registration in entry.Entity.Registrations.Where(r => r.AgencyOrganisation is null))
                {
                    await context.Entry(registration).Reference(r => r.AgencyOrganisation).LoadAsync(cancellationToken);
                }

                entry.Property(e => e.ViewJson).CurrentValue = JsonSerializer.Serialize(EnterpriseViews.Of(entry.Entity), Json);
            }
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new InvalidOperationException("Save enterprises with SaveChangesAsync, so that their stored view is refreshed.");

    /// <summary>
    /// The stored view of one enterprise by USCC: a single indexed read through the context's connection,
    /// without materialising entities (the look-up is the registry's hottest path).
    /// </summary>
    public static async Task<(Guid Id, string Json)?> ReadAsync(GqDbContext db, string uscc, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "Id", "ViewJson" FROM registry_enterprises WHERE "Uscc" = @uscc""";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@uscc";
            parameter.Value = uscc;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetString(1)) : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
