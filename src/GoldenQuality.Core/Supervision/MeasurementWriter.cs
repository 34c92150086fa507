using System.Text;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace GoldenQuality.Supervision;

/// <summary>A checked measurement, ready to store.</summary>
internal readonly record struct MeasurementRow(
    Guid LotId, string Device, string Sensor, string Parameter, double Value, string Unit, double CanonicalValue, DateTimeOffset At, Verdict Verdict, Guid? RequirementId);

/// <summary>
/// Appends measurements inside the caller's EF transaction, bypassing the change tracker: binary COPY on
/// PostgreSQL; on SQLite, multi-row INSERT statements prepared once per batch and bound by position.
/// </summary>
internal static class MeasurementWriter
{
    private const string Columns = "\"LotId\", \"Device\", \"Sensor\", \"Parameter\", \"Value\", \"Unit\", \"CanonicalValue\", \"At\", \"ReceivedAt\", \"Verdict\", \"RequirementId\"";
    // Rows per SQLite statement: bound by position, a statement may be larger than by name (SQLite allows 32,766 parameters).
    private const int RowsPerStatement = 32;
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
        _ = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Measurements are written inside the ingestion transaction.");
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, receivedAt, ct);
        }
        else
        {
            Insert((SqliteConnection)connection, rows, receivedAt);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var received = receivedAt.ToUniversalTime();
        await using var copy = await connection.BeginBinaryImportAsync($"COPY supervision_measurements ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            // The synchronous writes fill Npgsql's buffer; only full buffers go to the socket.
            copy.StartRow();
            copy.Write(r.LotId, NpgsqlDbType.Uuid);
            copy.Write(r.Device, NpgsqlDbType.Varchar);
            copy.Write(r.Sensor, NpgsqlDbType.Varchar);
            copy.Write(r.Parameter, NpgsqlDbType.Varchar);
            // Doubles without NpgsqlDbType: with it, Npgsql boxes each value (float8 either way).
            copy.Write(r.Value);
            copy.Write(r.Unit, NpgsqlDbType.Varchar);
            copy.Write(r.CanonicalValue);
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

    /// <summary>
    /// SQLite: statements prepared once per batch on the connection's own handle and bound by position (Microsoft.Data.Sqlite
    /// binds by name, which SQLite looks up linearly, and boxes every value). Texts are bound as UTF-16 straight from the
    /// strings, ids formatted on the stack: nothing is allocated per measurement.
    /// </summary>
    private static void Insert(SqliteConnection connection, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var received = SqliteTime(receivedAt);
        using var many = Prepare(handle, RowsPerStatement);
        using var one = Prepare(handle, 1);
        var i = 0;
        for (; i + RowsPerStatement <= rows.Count; i += RowsPerStatement)
        {
            for (var k = 0; k < RowsPerStatement; k++)
            {
                Bind(handle, many, k * ColumnCount, rows[i + k], received);
            }

            Step(handle, many);
        }

        for (; i < rows.Count; i++)
        {
            Bind(handle, one, 0, rows[i], received);
            Step(handle, one);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 handle, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO supervision_measurements ({Columns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ",(").AppendJoin(',', Enumerable.Repeat('?', ColumnCount)).Append(')');
        }

        Check(handle, raw.sqlite3_prepare_v2(handle, sql.ToString(), out var statement));
        return statement;
    }

    /// <summary>One row's values from parameter <paramref name="first"/> (0-based; SQLite counts from 1), in the order of <see cref="Columns"/>.</summary>
    private static void Bind(sqlite3 handle, sqlite3_stmt statement, int first, in MeasurementRow r, long received)
    {
        var p = first + 1;
        BindGuid(handle, statement, p, r.LotId);
        Check(handle, raw.sqlite3_bind_text16(statement, p + 1, r.Device));
        Check(handle, raw.sqlite3_bind_text16(statement, p + 2, r.Sensor));
        Check(handle, raw.sqlite3_bind_text16(statement, p + 3, r.Parameter));
        Check(handle, raw.sqlite3_bind_double(statement, p + 4, r.Value));
        Check(handle, raw.sqlite3_bind_text16(statement, p + 5, r.Unit));
        Check(handle, raw.sqlite3_bind_double(statement, p + 6, r.CanonicalValue));
        Check(handle, raw.sqlite3_bind_int64(statement, p + 7, SqliteTime(r.At)));
        Check(handle, raw.sqlite3_bind_int64(statement, p + 8, received));
        Check(handle, raw.sqlite3_bind_int(statement, p + 9, (short)r.Verdict));
        if (r.RequirementId is { } id)
        {
            BindGuid(handle, statement, p + 10, id);
        }
        else
        {
            Check(handle, raw.sqlite3_bind_null(statement, p + 10));
        }
    }

    /// <summary>A Guid as EF stores it on SQLite: upper-case text with hyphens.</summary>
    private static void BindGuid(sqlite3 handle, sqlite3_stmt statement, int index, Guid id)
    {
        Span<char> text = stackalloc char[36];
        id.TryFormat(text, out _);
        Ascii.ToUpperInPlace(text, out _);
        Check(handle, raw.sqlite3_bind_text16(statement, index, text));
    }

    private static void Step(sqlite3 handle, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }

        Check(handle, raw.sqlite3_reset(statement));
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }
}
