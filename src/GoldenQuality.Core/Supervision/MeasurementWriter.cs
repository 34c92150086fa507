using System.Buffers.Binary;
using System.Text;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
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

    /// <summary>
    /// PostgreSQL: raw binary COPY, the rows encoded here in PostgreSQL's binary COPY format (header, then per row the
    /// field count and each field's length and big-endian value, then the trailer) into one pooled buffer that goes
    /// to the socket whenever it fills. Npgsql's typed importer resolves a converter and checks the type of every
    /// value; that was 42 % of PostgreSQL ingestion (docs/performance.md). Npgsql frames the bytes; the server checks
    /// every field against the column (a text longer than its varchar is refused, and the batch with it).
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<MeasurementRow> rows, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var received = PostgresMicroseconds(receivedAt);
        var copy = await connection.BeginRawBinaryCopyAsync($"COPY supervision_measurements ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            try
            {
                Signature.CopyTo(buffer);
                var at = Signature.Length;
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), 0); // flags
                BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at + 4), 0); // header extension length
                at += 8;
                for (var i = 0; i < rows.Count; i++)
                {
                    var r = rows[i];
                    var need = MaxRowBytes(r);
                    if (buffer.Length - at < need)
                    {
                        await copy.WriteAsync(buffer.AsMemory(0, at), ct);
                        at = 0;
                        if (buffer.Length < need)
                        {
                            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                            buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(need);
                        }
                    }

                    at += WriteRow(buffer.AsSpan(at), r, received);
                }

                if (buffer.Length - at < 2)
                {
                    await copy.WriteAsync(buffer.AsMemory(0, at), ct);
                    at = 0;
                }

                BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(at), -1); // trailer
                await copy.WriteAsync(buffer.AsMemory(0, at + 2), ct);
            }
            catch
            {
                await copy.CancelAsync();
                throw;
            }

            await copy.DisposeAsync(); // completes the COPY: the server's refusal, if any, is thrown here
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The binary COPY format's 11-byte signature.</summary>
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>Microseconds since 2000-01-01 UTC, as a PostgreSQL timestamptz is sent (truncated, as Npgsql does).</summary>
    private static long PostgresMicroseconds(DateTimeOffset at) => (at.UtcTicks - PostgresEpochTicks) / 10;

    private static readonly long PostgresEpochTicks = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    /// <summary>An upper bound of a row's bytes: fixed-size fields, and at most 3 UTF-8 bytes per UTF-16 character of the texts.</summary>
    private static int MaxRowBytes(in MeasurementRow r) =>
        2 + (ColumnCount * 4) + 16 + 8 + 8 + 8 + 8 + 2 + 16 + (3 * (r.Device.Length + r.Sensor.Length + r.Parameter.Length + r.Unit.Length));

    /// <summary>One row in binary COPY format, in the order of <see cref="Columns"/>; returns the bytes written.</summary>
    private static int WriteRow(Span<byte> to, in MeasurementRow r, long received)
    {
        var at = 0;
        BinaryPrimitives.WriteInt16BigEndian(to, ColumnCount);
        at += 2;
        at += Uuid(to[at..], r.LotId);
        at += Text(to[at..], r.Device);
        at += Text(to[at..], r.Sensor);
        at += Text(to[at..], r.Parameter);
        at += Float8(to[at..], r.Value);
        at += Text(to[at..], r.Unit);
        at += Float8(to[at..], r.CanonicalValue);
        at += Int8(to[at..], PostgresMicroseconds(r.At));
        at += Int8(to[at..], received);
        BinaryPrimitives.WriteInt32BigEndian(to[at..], 2);
        BinaryPrimitives.WriteInt16BigEndian(to[(at + 4)..], (short)r.Verdict);
        at += 6;
        if (r.RequirementId is { } id)
        {
            at += Uuid(to[at..], id);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(to[at..], -1); // NULL
            at += 4;
        }

        return at;

        static int Uuid(Span<byte> to, Guid id)
        {
            BinaryPrimitives.WriteInt32BigEndian(to, 16);
            id.TryWriteBytes(to[4..], bigEndian: true, out _);
            return 20;
        }

        static int Text(Span<byte> to, string text)
        {
            var length = Encoding.UTF8.GetBytes(text, to[4..]);
            BinaryPrimitives.WriteInt32BigEndian(to, length);
            return 4 + length;
        }

        static int Float8(Span<byte> to, double value)
        {
            BinaryPrimitives.WriteInt32BigEndian(to, 8);
            BinaryPrimitives.WriteDoubleBigEndian(to[4..], value);
            return 12;
        }

        static int Int8(Span<byte> to, long value)
        {
            BinaryPrimitives.WriteInt32BigEndian(to, 8);
            BinaryPrimitives.WriteInt64BigEndian(to[4..], value);
            return 12;
        }
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
