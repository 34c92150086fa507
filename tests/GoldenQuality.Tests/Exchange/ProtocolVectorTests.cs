using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Tests.Exchange;

/// <summary>
/// The test vectors of docs/exchange-protocol.md (section "Test vectors"), embedded here with the same values and
/// proved against the implementation. ECDSA signatures are randomised: the vectors are fixed signatures that must
/// verify, not values to be re-produced byte for byte. If one of these tests fails, the protocol changed: update the
/// document and tell the other agencies, do not just regenerate the values.
/// </summary>
public sealed class ProtocolVectorTests
{
    // ---- Keys: TEST VECTOR ONLY — NEVER USE THESE KEYS FOR ANYTHING ELSE. ----

    /// <summary>Test vector only — never use. The sender node GQ/GOV/AQSIQ/national.</summary>
    private const string SenderPrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbDCKVK9AuKGaMQTd
        1Ge/TcZ9YbuqyoNweUgcjH9zCP2hRANCAASboomBnfIWy7ipSd2f0/yZycASm5mW
        veiokXnf569aegqV5wpiVODFAKmYyE1eY1zXMylrTQOTqrAqlYGbQOZM
        -----END PRIVATE KEY-----
        """;

    private const string SenderPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEm6KJgZ3yFsu4qUndn9P8mcnAEpuZlr3oqJF53+evWnoKlecKYlTgxQCpmMhNXmNc1zMpa00Dk6qwKpWBm0DmTA==";

    /// <summary>Test vector only — never use. The receiver node GQ/GOV/CUSTOMS/national.</summary>
    private const string ReceiverPrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgk/GaCcFulItUdXnB
        RwkCZKAydu3TgNClj0VkDGcDadehRANCAASxAa2jnSHj19l0TRH7n9loL8DMZiPT
        YFohlD8djKWbgvyhgVqXlOXmO+dCB9kRT6OXdSAMwLvoycZzP4G8DJ7D
        -----END PRIVATE KEY-----
        """;

    private const string ReceiverPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsQGto50h49fZdE0R+5/ZaC/AzGYj02BaIZQ/HYylm4L8oYFal5Tl5jvnQgfZEU+jl3UgDMC76MnGcz+BvAyeww==";

    // ---- Envelope ----

    private const string SenderNode = "GQ/GOV/AQSIQ/national";
    private const string SenderParty = "GQ/GOV/AQSIQ/national/CIQ-NB";
    private const string ReceiverNode = "GQ/GOV/CUSTOMS/national";
    private const string EnvelopeId = "019cadab-23bb-7b23-9027-43dd7f5ff29b";
    private const string CorrelationId = "019cada8-649b-74aa-9bd7-e7646b995abd";
    private const string MessageType = "registry.enterprise.published";
    private const string CreatedAt = "2026-03-02T08:30:00.1234567+00:00";

    private const string Payload =
        """{"uscc":"913301000000DEM01D","nameZh":"杭州示例茶叶有限公司（演示）","nameEn":"Hangzhou Demo Tea Co., Ltd. (demo)","areaCode":"330100","type":"limited-liability-company","roles":["manufacturer","exporter"],"version":3}""";

    private const int PayloadLength = 232;
    private const string PayloadDigest = "us1p7X0BrmZu0-zD8kuE92IilZMP87xi-19J5YcNwU0";

    private const string ProtectedHeader = """{"alg":"ES256","kid":"GQ/GOV/AQSIQ/national"}""";
    private const string ProtectedHeaderEncoded = "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdRL0dPVi9BUVNJUS9uYXRpb25hbCJ9";

    private const string HeaderJson =
        """{"id":"019cadab-23bb-7b23-9027-43dd7f5ff29b","type":"registry.enterprise.published","sender":"GQ/GOV/AQSIQ/national/CIQ-NB","recipients":["GQ/GOV/CUSTOMS/national"],"correlationId":"019cada8-649b-74aa-9bd7-e7646b995abd","causationId":null,"createdAt":"2026-03-02T08:30:00.1234567+00:00","payloadDigest":"us1p7X0BrmZu0-zD8kuE92IilZMP87xi-19J5YcNwU0","payloadLength":232}""";

    private const string EnvelopeJws =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdRL0dPVi9BUVNJUS9uYXRpb25hbCJ9." +
        "eyJpZCI6IjAxOWNhZGFiLTIzYmItN2IyMy05MDI3LTQzZGQ3ZjVmZjI5YiIsInR5cGUiOiJyZWdpc3RyeS5lbnRlcnByaXNlLnB1Ymxpc2hlZCIsInNlbmRlciI6IkdRL0dPVi9BUVNJUS9uYXRpb25hbC9DSVEtTkIiLCJyZWNpcGllbnRzIjpbIkdRL0dPVi9DVVNUT01TL25hdGlvbmFsIl0sImNvcnJlbGF0aW9uSWQiOiIwMTljYWRhOC02NDliLTc0YWEtOWJkNy1lNzY0NmI5OTVhYmQiLCJjYXVzYXRpb25JZCI6bnVsbCwiY3JlYXRlZEF0IjoiMjAyNi0wMy0wMlQwODozMDowMC4xMjM0NTY3KzAwOjAwIiwicGF5bG9hZERpZ2VzdCI6InVzMXA3WDBCcm1adTAtekQ4a3VFOTJJaWxaTVA4N3hpLTE5SjVZY053VTAiLCJwYXlsb2FkTGVuZ3RoIjoyMzJ9." +
        "kYDvW9xFqGAos5SOzeWpZ43_Zc187uxnVpfxjXMaRy3Ofu--pcO5TcUoNfz_BB6bUZMnw-g6LIXmxQFjL0CB5A";

    // ---- Receipt ----

    private const string ReceivedAt = "2026-03-02T08:30:01.7654321+00:00";

    private const string ReceiptBodyJson =
        """{"envelopeId":"019cadab-23bb-7b23-9027-43dd7f5ff29b","payloadDigest":"us1p7X0BrmZu0-zD8kuE92IilZMP87xi-19J5YcNwU0","receivedAt":"2026-03-02T08:30:01.7654321+00:00","receiver":"GQ/GOV/CUSTOMS/national"}""";

    private const string ReceiptJws =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdRL0dPVi9DVVNUT01TL25hdGlvbmFsIn0." +
        "eyJlbnZlbG9wZUlkIjoiMDE5Y2FkYWItMjNiYi03YjIzLTkwMjctNDNkZDdmNWZmMjliIiwicGF5bG9hZERpZ2VzdCI6InVzMXA3WDBCcm1adTAtekQ4a3VFOTJJaWxaTVA4N3hpLTE5SjVZY053VTAiLCJyZWNlaXZlZEF0IjoiMjAyNi0wMy0wMlQwODozMDowMS43NjU0MzIxKzAwOjAwIiwicmVjZWl2ZXIiOiJHUS9HT1YvQ1VTVE9NUy9uYXRpb25hbCJ9." +
        "rl0JMIgpiJQCgoBpSwb2_TyZikV3VYBrO9qjLaUliTeqAlBYw4O-79CHyuA8GKh-NOkK3Rabfil4CKz9OVSJWQ";

    // ---- Message log (the receiver's first two entries) ----

    private const string LogAt = "2026-03-02T08:30:01.765+00:00";
    private const long LogAtTicks = 639080370017650000;
    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string Entry1ItemDigest = "n-wGzdWYQC9akjNo5dMicZGlcgF2r1ZRuiRpIrDhTXY";
    private const string Entry1Hash = "f074d609bf664a89aae3fd5114209f92a43360d55784ecd57ece0d9befd3d887";
    private const string Entry2ItemDigest = "iOXNR5KB-pSrU0bAhqj1bzREFfPO8qUrvXxKVcMYNKY";
    private const string Entry2Hash = "d0dcc4ab44f9a348d09ec04850952f2be85cf3ef37fab263a4ccf678583ce957";

    private const string Entry1Preimage =
        "0000000000000000000000000000000000000000000000000000000000000000\n1\n639080370017650000\nenvelope-received\n" +
        "019cadab-23bb-7b23-9027-43dd7f5ff29b\nGQ/GOV/AQSIQ/national/CIQ-NB\nn-wGzdWYQC9akjNo5dMicZGlcgF2r1ZRuiRpIrDhTXY";

    private const string CheckpointBodyJson =
        """{"node":"GQ/GOV/CUSTOMS/national","sequence":2,"hash":"d0dcc4ab44f9a348d09ec04850952f2be85cf3ef37fab263a4ccf678583ce957","at":"2026-03-02T08:30:01.765+00:00"}""";

    private const string CheckpointJws =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdRL0dPVi9DVVNUT01TL25hdGlvbmFsIn0." +
        "eyJub2RlIjoiR1EvR09WL0NVU1RPTVMvbmF0aW9uYWwiLCJzZXF1ZW5jZSI6MiwiaGFzaCI6ImQwZGNjNGFiNDRmOWEzNDhkMDllYzA0ODUwOTUyZjJiZTg1Y2YzZWYzN2ZhYjI2M2E0Y2NmNjc4NTgzY2U5NTciLCJhdCI6IjIwMjYtMDMtMDJUMDg6MzA6MDEuNzY1KzAwOjAwIn0." +
        "Nf6kRTjYG1leKZKxH3qeqv8vHhHqSrQ9vqi1DLcI84_37AolKx68-OhNI3ZnEhHvITGb3-__G7CWIokV2CrNvQ";

    private const string RejectionDetail = "the signature does not verify with GQ/GOV/AQSIQ/national's key";
    private const string RejectionItemDigest = "2j_cm5kAWc8dGX4BQerxAF6eIWijzzeAHAXEZ0fcchw";

    private static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static string[] Segments(string jws) => jws.Split('.');

    [Fact]
    public void The_private_keys_are_P256_and_match_the_documented_public_keys()
    {
        foreach (var (pem, spki) in new[] { (SenderPrivateKeyPem, SenderPublicKey), (ReceiverPrivateKeyPem, ReceiverPublicKey) })
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            Assert.Equal(256, key.KeySize);
            Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
            Assert.Equal(spki, NodeKeys.PublicKey(key));
        }
    }

    [Fact]
    public void The_envelope_JWS_verifies_with_the_sender_public_key_and_only_with_it()
    {
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        Assert.True(Jws.Verify(EnvelopeJws, sender));
        Assert.False(Jws.Verify(EnvelopeJws, receiver));
        Assert.Equal(64, Jws.FromBase64Url(Segments(EnvelopeJws)[2]).Length);
    }

    [Fact]
    public void The_protected_header_and_the_signed_envelope_header_are_the_documented_ones()
    {
        var parts = Segments(EnvelopeJws);
        Assert.Equal(3, parts.Length);
        Assert.Equal(ProtectedHeaderEncoded, parts[0]);
        Assert.Equal(ProtectedHeader, Encoding.UTF8.GetString(Jws.FromBase64Url(parts[0])));
        Assert.DoesNotContain('=', EnvelopeJws);

        Assert.True(Jws.TryRead(EnvelopeJws, out var kid, out var headerBytes));
        Assert.Equal(SenderNode, kid);
        Assert.Equal(HeaderJson, Encoding.UTF8.GetString(headerBytes));

        var header = JsonSerializer.Deserialize<EnvelopeHeader>(headerBytes, Envelopes.Json)!;
        Assert.Equal(new Guid(EnvelopeId), header.Id);
        Assert.Equal(MessageType, header.Type);
        Assert.Equal(SenderParty, header.Sender);
        Assert.Equal([ReceiverNode], header.Recipients);
        Assert.Equal(new Guid(CorrelationId), header.CorrelationId);
        Assert.Null(header.CausationId);
        Assert.Equal(Time(CreatedAt), header.CreatedAt);
        Assert.Equal(Time(CreatedAt).UtcTicks, header.CreatedAt.UtcTicks);
        Assert.Equal(PayloadDigest, header.PayloadDigest);
        Assert.Equal(PayloadLength, header.PayloadLength);
        Assert.Equal(SenderNode, Parties.NodeOf(header.Sender));
    }

    [Fact]
    public void The_payload_digest_is_base64url_SHA256_of_the_UTF8_payload_and_the_length_counts_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Payload);
        Assert.Equal(PayloadDigest, Jws.Digest(bytes));
        Assert.Equal(PayloadLength, bytes.Length);
        Assert.NotEqual(PayloadLength, Payload.Length); // UTF-16 code units are not bytes

        // Making the header from the payload gives the documented header exactly (the signature is what differs).
        var header = Envelopes.Header(new Guid(EnvelopeId), MessageType, SenderParty, [ReceiverNode], new Guid(CorrelationId), null, Time(CreatedAt), Payload);
        Assert.Equal(HeaderJson, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(header, Envelopes.Json)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(231)]
    public void A_one_byte_change_to_the_payload_no_longer_matches_the_digest(int index)
    {
        var bytes = Encoding.UTF8.GetBytes(Payload);
        bytes[index] ^= 0x01;
        Assert.Equal(PayloadLength, bytes.Length);
        Assert.NotEqual(PayloadDigest, Jws.Digest(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void A_one_byte_change_to_the_signature_no_longer_verifies(int index)
    {
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        var parts = Segments(EnvelopeJws);
        var signature = Jws.FromBase64Url(parts[2]);
        signature[index] ^= 0x01;
        Assert.False(Jws.Verify($"{parts[0]}.{parts[1]}.{Jws.Base64Url(signature)}", sender));
    }

    [Fact]
    public void A_one_byte_change_to_the_signed_header_no_longer_verifies()
    {
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        var parts = Segments(EnvelopeJws);
        var header = Jws.FromBase64Url(parts[1]);
        header[^2] ^= 0x01; // payloadLength 232 → 233
        Assert.False(Jws.Verify($"{parts[0]}.{Jws.Base64Url(header)}.{parts[2]}", sender));
        Assert.False(Jws.Verify(EnvelopeJws[..^1], sender));
    }

    [Fact]
    public void A_new_signature_by_the_test_key_differs_from_the_vector_but_verifies_the_same()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(SenderPrivateKeyPem);
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        var header = Envelopes.Header(new Guid(EnvelopeId), MessageType, SenderParty, [ReceiverNode], new Guid(CorrelationId), null, Time(CreatedAt), Payload);
        var wire = Envelopes.Seal(header, Payload, SenderNode, key);
        var fresh = Segments(wire.Jws);
        var vector = Segments(EnvelopeJws);
        Assert.Equal(vector[0], fresh[0]);
        Assert.Equal(vector[1], fresh[1]);
        Assert.NotEqual(vector[2], fresh[2]);
        Assert.True(Jws.Verify(wire.Jws, sender));
        Assert.Equal(Payload, wire.Payload);
    }

    [Fact]
    public void The_receipt_verifies_with_the_receiver_key_and_names_the_envelope_and_its_digest()
    {
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        var receipt = Envelopes.ReadReceipt(ReceiptJws, receiver);
        Assert.NotNull(receipt);
        Assert.Equal(new Guid(EnvelopeId), receipt.EnvelopeId);
        Assert.Equal(PayloadDigest, receipt.PayloadDigest);
        Assert.Equal(Time(ReceivedAt), receipt.ReceivedAt);
        Assert.Equal(ReceiverNode, receipt.Receiver);

        Assert.True(Jws.TryRead(ReceiptJws, out var kid, out var body));
        Assert.Equal(ReceiverNode, kid);
        Assert.Equal(ReceiptBodyJson, Encoding.UTF8.GetString(body));

        Assert.Null(Envelopes.ReadReceipt(ReceiptJws, sender));
        var parts = Segments(ReceiptJws);
        var signature = Jws.FromBase64Url(parts[2]);
        signature[40] ^= 0x80;
        Assert.Null(Envelopes.ReadReceipt($"{parts[0]}.{parts[1]}.{Jws.Base64Url(signature)}", receiver));
    }

    [Fact]
    public void The_message_log_entries_hash_as_documented()
    {
        Assert.Equal(Genesis, MessageLog.Genesis);
        var at = MessageLog.Truncate(Time(ReceivedAt));
        Assert.Equal(Time(LogAt), at);
        Assert.Equal(LogAtTicks, at.UtcTicks);
        Assert.Equal(TimeSpan.Zero, at.Offset);

        Assert.Equal(Entry1ItemDigest, Envelopes.ItemDigest(EnvelopeJws, Payload));
        Assert.Equal(Entry1ItemDigest, Jws.Digest(Encoding.UTF8.GetBytes(EnvelopeJws + "\n" + Payload)));
        var entry1 = MessageLog.Hash(Genesis, 1, at, "envelope-received", new Guid(EnvelopeId), SenderParty, Entry1ItemDigest);
        Assert.Equal(Entry1Hash, entry1);

        // The documented preimage, hashed without the implementation: lowercase hex SHA-256 of the newline-joined fields.
        Assert.Equal(Entry1Hash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Entry1Preimage))));

        Assert.Equal(Entry2ItemDigest, Jws.Digest(Encoding.UTF8.GetBytes(ReceiptJws)));
        Assert.Equal(Entry2Hash, MessageLog.Hash(Entry1Hash, 2, at, "receipt-sent", new Guid(EnvelopeId), SenderParty, Entry2ItemDigest));

        // Any change to a field changes the hash.
        Assert.NotEqual(Entry1Hash, MessageLog.Hash(Genesis, 1, at, "envelope-received", new Guid(EnvelopeId), SenderNode, Entry1ItemDigest));
        Assert.NotEqual(Entry1Hash, MessageLog.Hash(Genesis, 1, at.AddMilliseconds(1), "envelope-received", new Guid(EnvelopeId), SenderParty, Entry1ItemDigest));
    }

    [Fact]
    public void The_checkpoint_verifies_with_the_node_key_and_names_the_head()
    {
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        Assert.True(Jws.Verify(CheckpointJws, receiver));
        Assert.True(Jws.TryRead(CheckpointJws, out var kid, out var body));
        Assert.Equal(ReceiverNode, kid);
        Assert.Equal(CheckpointBodyJson, Encoding.UTF8.GetString(body));
        using var document = JsonDocument.Parse(body);
        Assert.Equal(Entry2Hash, document.RootElement.GetProperty("hash").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public void A_rejection_is_logged_with_the_digest_of_its_reason_and_detail()
    {
        Assert.Equal(RejectionItemDigest, Jws.Digest(Encoding.UTF8.GetBytes(RejectionReasons.BadSignature + "\n" + RejectionDetail)));
    }

    // ---- Batch receipt (section 16.4.1): three envelopes accepted in one POST, one signature over their Merkle root ----

    private const string BatchRootJws =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6IkdRL0dPVi9DVVNUT01TL25hdGlvbmFsIn0" +
        ".eyJyZWNlaXZlciI6IkdRL0dPVi9DVVNUT01TL25hdGlvbmFsIiwicmVjZWl2ZWRBdCI6IjIwMjYtMDMtMDJUMDg6MzA6MDEuNzY1NDMyMSswMDowMCIsImNvdW50IjozLCJyb290IjoiM3RSOXc1V016M0xheFpVcHhLbGt3S3VjY3piUDFMWmFicTNBbEthNXRrSSJ9" +
        ".f7otRwczMrXwf-ReE_okuZRhajon-Hshy9mRtOTq49v454GoBhh3q9PnP1kLfWaaGDGfywgu4DnWJsS6-Zx2Tw";

    private const string BatchRootJson =
        """{"receiver":"GQ/GOV/CUSTOMS/national","receivedAt":"2026-03-02T08:30:01.7654321+00:00","count":3,"root":"3tR9w5WMz3LaxZUpxKlkwKucczbP1LZabq3AlKa5tkI"}""";

    private static readonly (string Id, string Digest, string Proof)[] BatchMembers =
    [
        (EnvelopeId, PayloadDigest,
            "eyJlbnZlbG9wZUlkIjoiMDE5Y2FkYWItMjNiYi03YjIzLTkwMjctNDNkZDdmNWZmMjliIiwicGF5bG9hZERpZ2VzdCI6InVzMXA3WDBCcm1adTAtekQ4a3VFOTJJaWxaTVA4N3hpLTE5SjVZY053VTAiLCJpbmRleCI6MCwicGF0aCI6WyJGZFR6akJ2VTJHdzFqWHJOZHI3ZVpOQ1AyTUxNRzBBd1N1T0VYaHRxVV9FIiwiOHFMVWJfdlhqLW9jOXFFSmZkcXVEWGdpYzRuT2x0bXNiV3F3MkZPMjlrNCJdfQ"),
        ("019cadab-23bc-7f01-8a6e-2b4c9d0e1f21", "NjN5dC-AtRvbkgZXmvd1SRFUMHm5OZyz_DFfsZn0dug",
            "eyJlbnZlbG9wZUlkIjoiMDE5Y2FkYWItMjNiYy03ZjAxLThhNmUtMmI0YzlkMGUxZjIxIiwicGF5bG9hZERpZ2VzdCI6Ik5qTjVkQy1BdFJ2YmtnWlhtdmQxU1JGVU1IbTVPWnl6X0RGZnNabjBkdWciLCJpbmRleCI6MSwicGF0aCI6WyJJRjg4S1NGdk95NllqSC1YS3M2RG9qNjhkMEZMY2lObFlYc250alpGRHFZIiwiOHFMVWJfdlhqLW9jOXFFSmZkcXVEWGdpYzRuT2x0bXNiV3F3MkZPMjlrNCJdfQ"),
        ("019cadab-23bd-7c55-b1d2-6e7f8091a2b3", "IV3dVWfKJZDv1OoQm05Wy-WR4mdvv1SpJiaSxTkWbaY",
            "eyJlbnZlbG9wZUlkIjoiMDE5Y2FkYWItMjNiZC03YzU1LWIxZDItNmU3ZjgwOTFhMmIzIiwicGF5bG9hZERpZ2VzdCI6IklWM2RWV2ZLSlpEdjFPb1FtMDVXeS1XUjRtZHZ2MVNwSmlhU3hUa1diYVkiLCJpbmRleCI6MiwicGF0aCI6WyJFWFR0TUNiMXR0ZjZSRGQxVWFjRXpfeVlkcjFaX08xb1lmZWNlMU51bkd3Il19"),
    ];

    [Fact]
    public void Each_receipt_of_a_batch_verifies_alone_through_its_path_to_the_signed_root()
    {
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        using var sender = NodeKeys.FromPublicKey(SenderPublicKey);
        Assert.True(Jws.TryRead(BatchRootJws, out var kid, out var body));
        Assert.Equal(ReceiverNode, kid);
        Assert.Equal(BatchRootJson, Encoding.UTF8.GetString(body));

        // The root recomputed by hand from the documented leaves (RFC 9162: 0x00 for a leaf, 0x01 for a node; 3 leaves split 2 + 1).
        byte[] Leaf(string id, string digest) => SHA256.HashData([0, .. Encoding.UTF8.GetBytes(id + "\n" + digest)]);
        byte[] Node(byte[] left, byte[] right) => SHA256.HashData([1, .. left, .. right]);
        var leaves = BatchMembers.Select(m => Leaf(m.Id, m.Digest)).ToArray();
        Assert.Equal("3tR9w5WMz3LaxZUpxKlkwKucczbP1LZabq3AlKa5tkI", Jws.Base64Url(Node(Node(leaves[0], leaves[1]), leaves[2])));

        var verified = new HashSet<string>();
        foreach (var (id, digest, proof) in BatchMembers)
        {
            var receipt = Envelopes.ReadReceipt(BatchRootJws + "~" + proof, receiver, verified);
            Assert.NotNull(receipt);
            Assert.Equal(new Guid(id), receipt.EnvelopeId);
            Assert.Equal(digest, receipt.PayloadDigest);
            Assert.Equal(Time(ReceivedAt), receipt.ReceivedAt);
            Assert.Equal(ReceiverNode, receipt.Receiver);
            Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + proof, sender));
        }

        Assert.Equal([BatchRootJws], verified);
    }

    [Fact]
    public void A_batch_receipt_with_its_proof_altered_or_its_root_alone_does_not_verify()
    {
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        string Proof(Func<string, string> edit) => Jws.Base64Url(Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(Jws.FromBase64Url(BatchMembers[1].Proof)))));

        // Claiming another envelope, another digest, another place in the tree, or a tree of another size.
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + Proof(p => p.Replace("019cadab-23bc", "019cadab-23bf", StringComparison.Ordinal)), receiver));
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + Proof(p => p.Replace("NjN5dC", "NjN5dD", StringComparison.Ordinal)), receiver));
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + Proof(p => p.Replace("\"index\":1", "\"index\":0", StringComparison.Ordinal)), receiver));
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + Proof(p => p.Replace("\"index\":1", "\"index\":3", StringComparison.Ordinal)), receiver));
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws + "~" + "not-base64!", receiver));

        // The signed root is no receipt of anything by itself, and a root whose signature was altered is refused.
        Assert.Null(Envelopes.ReadReceipt(BatchRootJws, receiver));
        var parts = Segments(BatchRootJws);
        var signature = Jws.FromBase64Url(parts[2]);
        signature[7] ^= 0x01;
        Assert.Null(Envelopes.ReadReceipt($"{parts[0]}.{parts[1]}.{Jws.Base64Url(signature)}~{BatchMembers[0].Proof}", receiver));
    }

    [Fact]
    public void One_envelope_alone_gets_a_plain_receipt_and_several_share_one_signed_root()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(ReceiverPrivateKeyPem);
        using var receiver = NodeKeys.FromPublicKey(ReceiverPublicKey);
        var one = Envelopes.SignReceipts([(new Guid(EnvelopeId), PayloadDigest)], Time(ReceivedAt), ReceiverNode, key);
        Assert.DoesNotContain('~', Assert.Single(one));
        Assert.Equal(ReceiptBodyJson, Encoding.UTF8.GetString(Jws.FromBase64Url(Segments(one[0])[1])));

        var members = BatchMembers.Select(m => (new Guid(m.Id), m.Digest)).ToArray();
        var several = Envelopes.SignReceipts(members, Time(ReceivedAt), ReceiverNode, key);
        Assert.Single(several.Select(r => r.Split('~')[0]).Distinct());
        Assert.Equal(BatchMembers.Select(m => m.Proof), several.Select(r => r.Split('~')[1]));
        Assert.All(several.Zip(members), x => Assert.Equal(x.Second.Item1, Envelopes.ReadReceipt(x.First, receiver)!.EnvelopeId));
    }
}
