using System.Net;
using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopClientTransportTests
{
    /// <summary>Answers root.xml slowly and records how many calls were in flight at once.</summary>
    private sealed class CountingHandler(string body) : HttpMessageHandler
    {
        private int _inFlight;
        public int MaxInFlight;
        public List<Uri> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (Calls)
            {
                Calls.Add(request.RequestUri!);
                MaxInFlight = Math.Max(MaxInFlight, now);
            }
            await Task.Delay(40, ct);
            Interlocked.Decrement(ref _inFlight);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
            response.Headers.Add("PSWS-Version", "8.1.2");
            return response;
        }
    }

    [Fact]
    public async Task Concurrent_calls_are_bounded_by_MaxConcurrency_through_an_injected_handler()
    {
        var handler = new CountingHandler(Capture.Text("shops/full.xml"));
        using var client = new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = "https://shop.example/",
            ApiKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456",
            MaxConcurrency = 2,
        }, handler);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetShopsAsync(TestContext.Current.CancellationToken)));

        results.ShouldAllBe(r => r.Count == 1);
        handler.Calls.Count.ShouldBe(6);
        handler.MaxInFlight.ShouldBeLessThanOrEqualTo(2);
        handler.Calls[0].AbsoluteUri.ShouldStartWith("https://shop.example/api/shops?display=full");
        client.Version!.Raw.ShouldBe("8.1.2");
    }
}
