using System.Globalization;
using System.Text;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace GoldenQuality.Supervision;

/// <summary>A checked measurement, ready to store.</summary>
internal readonly record struct MeasurementRow(
    Guid LotId, string Device, string Sensor, string Parameter, double Value, string Unit, double CanonicalValue, DateTimeOffset At, Verdict Verdict, Guid? RequirementId);

/// <summary>
/// Appends measurements inside the caller's EF transaction, bypassing the change tracker: binary COPY on
/// PostgreSQL; on SQLite, multi-row INSERT statements prepared once and reused.
/// </summary>
internal static class MeasurementWriter
{
    private const string Columns = "\"LotId\", \"Device\", \"Sensor\", \"Parameter\", \"Value\", \"Unit\", \"CanonicalValue\", \"At\", \"ReceivedAt\", \"Verdict\", \"RequirementId\"";
    // Microsoft.Data.Sqlite binds each parameter by name, and SQLite finds a name by a linear scan: binding cost grows
    // with the square of the parameters per statement, so statements stay small.
    private const int RowsPerStatement = 16;
    private const int ColumnCount = 11;

    private static readonly Func<DateTimeOffset, long> SqliteTime =
        new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    public static async Task WriteAsync(GqDbContext db, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Measurements are written inside the ingestion transaction.");
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, receivedAt, ct);
        }
        else
        {
            await InsertAsync((SqliteConnection)connection, (SqliteTransaction)transaction, rows, receivedAt, ct);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var received = receivedAt.ToUniversalTime();
        await using var copy = await connection.BeginBinaryImportAsync($"COPY supervision_measurements ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            // The synchronous writes fill Npgsql's buffer; only full buffers go to the socket.
            copy.StartRow();
            copy.Write(r.LotId, NpgsqlDbType.Uuid);
            copy.Write(r.Device, NpgsqlDbType.Varchar);
            copy.Write(r.Sensor, NpgsqlDbType.Varchar);
            copy.Write(r.Parameter, NpgsqlDbType.Varchar);
            copy.Write(r.Value, NpgsqlDbType.Double);
            copy.Write(r.Unit, NpgsqlDbType.Varchar);
            copy.Write(r.CanonicalValue, NpgsqlDbType.Double);
            copy.Write(r.At.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            copy.Write(received, NpgsqlDbType.TimestampTz);
            copy.Write((short)r.Verdict, NpgsqlDbType.Smallint);
            if (r.RequirementId is { } id)
            {
                copy.Write(id, NpgsqlDbType.Uuid);
            }
            else
            {
                copy.WriteNull();
            }
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var received = SqliteTime(receivedAt);
        // EF stores a Guid on SQLite as upper-case text; a batch usually has few lots, so keep the last one's text.
        var lastLot = Guid.Empty;
        var lastLotText = "";
        SqliteCommand? full = null;
        try
        {
            var i = 0;
            while (i < rows.Count)
            {
                var n = Math.Min(RowsPerStatement, rows.Count - i);
                SqliteCommand command;
                if (n == RowsPerStatement)
                {
                    command = full ??= Prepare(connection, transaction, RowsPerStatement);
                }
                else
                {
                    command = Prepare(connection, transaction, n);
                }

                var p = command.Parameters;
                for (var k = 0; k < n; k++, i++)
                {
                    var r = rows[i];
                    var b = k * ColumnCount;
                    if (r.LotId != lastLot)
                    {
                        (lastLot, lastLotText) = (r.LotId, r.LotId.ToString().ToUpperInvariant());
                    }

                    p[b].Value = lastLotText;
                    p[b + 1].Value = r.Device;
                    p[b + 2].Value = r.Sensor;
                    p[b + 3].Value = r.Parameter;
                    p[b + 4].Value = r.Value;
                    p[b + 5].Value = r.Unit;
                    p[b + 6].Value = r.CanonicalValue;
                    p[b + 7].Value = SqliteTime(r.At);
                    p[b + 8].Value = received;
                    p[b + 9].Value = (short)r.Verdict;
                    p[b + 10].Value = r.RequirementId is { } id ? id.ToString().ToUpperInvariant() : DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(ct);
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO supervision_measurements ({Columns}) VALUES ");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < ColumnCount; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"$p{(r * ColumnCount) + c}");
                sql.Append(c == 0 ? "" : ",").Append(name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }
}
