using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision;

/// <summary>A video reference that leads somewhere the node must not read from; the reason says where and why (its English text is the exception's message).</summary>
internal sealed class VideoRefusedException(Common.Message reason) : Exception(reason.Render(CultureInfo.InvariantCulture))
{
    public Common.Message Reason { get; } = reason;
}

/// <summary>
/// Reads surveillance videos from the configured storage only (<see cref="SupervisionOptions.VideoStorage"/>):
/// a reference must lie under one of its base URLs; the address connected to (after DNS resolution) must not be
/// loopback, link-local, private or unique-local unless the host is configured as such; redirects are not
/// followed; a video is read up to <see cref="SupervisionOptions.MaxVideoBytes"/> within <see cref="SupervisionOptions.VideoTimeout"/>.
/// </summary>
internal sealed class VideoStorage : IDisposable
{
    private readonly SupervisionOptions options;
    private readonly Uri[] bases;
    private readonly HttpClient http;

    public VideoStorage(IOptions<SupervisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        bases = [.. this.options.VideoStorage.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => new Uri(b.EndsWith('/') ? b : b + "/", UriKind.Absolute))];
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = this.options.VideoTimeout,
        };
    }

    public long MaxBytes => options.MaxVideoBytes;

    /// <summary>Why an http(s) reference is refused before any connection (not under the storage, an address that is never allowed), or null.</summary>
    public Common.Message? Refusal(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.UserInfo.Equals("", StringComparison.Ordinal))
        {
            return new("video.uri.user-info");
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) &&
            !PrivateOnPurpose(uri.IdnHost) && Forbidden(literal) is { } kind)
        {
            return new("video.uri.address", uri.Host, kind);
        }

        if (bases.Length == 0)
        {
            return new("video.uri.no-storage");
        }

        if (!bases.Any(b => Under(uri, b)))
        {
            return new("video.uri.not-storage", string.Join(", ", bases.Select(b => b.AbsoluteUri)));
        }

        return null;
    }

    private bool PrivateOnPurpose(string host) =>
        options.VideoStoragePrivateHosts.Any(h => string.Equals(h.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    private static bool Under(Uri uri, Uri storage) =>
        string.Equals(uri.Scheme, storage.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(uri.IdnHost, storage.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        uri.Port == storage.Port &&
        uri.AbsolutePath.StartsWith(storage.AbsolutePath, StringComparison.Ordinal) &&
        !uri.AbsolutePath.Contains("/../", StringComparison.Ordinal);

    /// <summary>Opens the video for reading; refusals (address, redirect, status, size) are <see cref="VideoRefusedException"/>.</summary>
    public async Task<Stream> OpenAsync(Uri uri, CancellationToken ct)
    {
        if (Refusal(uri) is { } refusal)
        {
            throw new VideoRefusedException(refusal);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (Inner<VideoRefusedException>(e) is { } refused)
        {
            throw refused;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new VideoRefusedException(new("video.storage.timeout", options.VideoTimeout.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)));
        }

        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            response.Dispose();
            throw new VideoRefusedException(response.Headers.Location is { } location
                ? new("video.storage.redirect", status, location.ToString())
                : new("video.storage.redirect-nowhere", status));
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new VideoRefusedException(new("video.storage.status", status));
        }

        if (response.Content.Headers.ContentLength > options.MaxVideoBytes)
        {
            response.Dispose();
            throw new VideoRefusedException(TooLarge());
        }

        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct));
    }

    public Common.Message TooLarge() => new("video.too-large", options.MaxVideoBytes);

    private static T? Inner<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Resolves the host and connects only to an allowed address: the check is on the address actually connected to, not on the name.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var check = !PrivateOnPurpose(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        Common.Message? refused = null;
        SocketException? failed = null;
        foreach (var address in addresses)
        {
            if (check && Forbidden(address) is { } kind)
            {
                refused ??= new("video.uri.resolved", host, address.ToString(), kind);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                if (check && socket.RemoteEndPoint is IPEndPoint connected && Forbidden(connected.Address) is { } connectedKind)
                {
                    socket.Dispose();
                    refused ??= new("video.uri.connected", host, connected.Address.ToString(), connectedKind);
                    continue;
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failed ??= e;
            }
        }

        if (refused is not null)
        {
            throw new VideoRefusedException(refused);
        }

        throw failed ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The kind of a non-public address ("a loopback", "a private", ...), or null for a public one.</summary>
    internal static Common.Message? Forbidden(IPAddress address) => Kind(address) is { } kind ? new Common.Message("video.address." + kind) : null;

    private static string? Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified-v4",
                10 => "private-10",
                100 when b[1] >= 64 && b[1] < 128 => "shared",
                169 when b[1] == 254 => "link-local-v4",
                172 when b[1] >= 16 && b[1] < 32 => "private-172",
                192 when b[1] == 168 => "private-192",
                >= 224 => "multicast-reserved",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.IsIPv6LinkLocal)
        {
            return "link-local-v6";
        }

        if (address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal)
        {
            return "unique-local";
        }

        return address.IsIPv6Multicast ? "multicast" : null;
    }

    public void Dispose() => http.Dispose();

    /// <summary>The body of a response, disposing the response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
