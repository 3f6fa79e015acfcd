namespace Connect.Benchmarks.Harness;

/// <summary>
/// Counts what crosses the wire between a client and the shop: requests and response bytes. Shared by Connect's clients
/// (through PrestaShopClientSettings.Handler) and the raw readers, and never disposed with them.
/// </summary>
public sealed class Traffic() : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
{
    private long _requests;
    private long _bytes;

    public long Requests => Interlocked.Read(ref _requests);
    public long Bytes => Interlocked.Read(ref _bytes);

    public (long Requests, long Bytes) Snapshot() => (Requests, Bytes);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = await base.SendAsync(request, cancellationToken);
        // Buffer so the size is known; clients read the whole body anyway.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        Interlocked.Add(ref _bytes, response.Content.Headers.ContentLength ?? 0);
        return response;
    }

    // The clients that use this handler are disposed after each run; the counters and connections must outlive them.
    protected override void Dispose(bool disposing) { }
}
