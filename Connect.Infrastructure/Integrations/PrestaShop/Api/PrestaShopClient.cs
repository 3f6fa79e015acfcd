using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Xml.Linq;
using Flurl.Http;
using Flurl.Http.Content;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>Position of an incremental read: the last (date_upd, id) handed over, in the shop's local time.</summary>
public sealed record PrestaShopCursor(DateTime DateUpd, long Id);

/// <summary>Resources that carry date_upd and can be read incrementally.</summary>
public interface IChangeTracked
{
    long Id { get; }
    DateTime? DateUpd { get; }
}

/// <summary>A page of changed records and the cursor after its last row.</summary>
public sealed record ChangedPage<T>(IReadOnlyList<T> Items, PrestaShopCursor? Cursor);

/// <summary>Outcome of <see cref="PrestaShopClient.AddOrderHistoryAsync"/>.</summary>
public sealed record OrderStateChange(long OrderId, long OrderStateId, bool Created, bool AlreadyInState, long? OrderHistoryId);

/// <summary>
/// Client of one shop's PrestaShop Webservice (XML only, 1.5 to 9). One instance per integration: it holds the concurrency
/// gate, the detected version and whether the Authorization header is stripped by the shop's server.
/// </summary>
public sealed partial class PrestaShopClient : IDisposable
{
    private readonly PrestaShopClientOptions _options;
    private readonly IFlurlClient _http;
    private readonly SemaphoreSlim _gate;
    private volatile bool _useWsKey;
    private readonly ILogger _logger;
    private int _repairsLogged;

    public PrestaShopClient(PrestaShopClientOptions options, HttpMessageHandler? handler = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        _options = options;
        _http = handler is null
            ? new FlurlClient(options.ApiRoot)
            // The handler is shared (one per shop, owned by the factory): disposing this client must not close it.
            : new FlurlClient(new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options.ApiRoot);
        Handler = handler;
        _gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        _useWsKey = options.UseWsKeyQueryParameter;
        AuthorizationHeaderStripped = options.UseWsKeyQueryParameter;
    }

    public PrestaShopClientOptions Options => _options;

    /// <summary>The handler this client sends through, when one was given (shared per shop by the factory).</summary>
    internal HttpMessageHandler? Handler { get; }

    /// <summary>
    /// True once the shop answered as if no key was sent with the Basic header (PHP as CGI/FastCGI drops it): the client then
    /// puts the key in ?ws_key=. Tell the admin to enable "CGI mode for PHP" in Advanced Parameters > Webservice, or CGIPassAuth On.
    /// </summary>
    public bool AuthorizationHeaderStripped { get; private set; }

    /// <summary>The version seen in the last PSWS-Version header; null before the first successful call.</summary>
    public PrestaShopVersion? Version { get; private set; }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    public override string ToString() => $"PrestaShopClient({_options.ApiRoot})";

    // ---------- reads ----------

    public async Task<ApiRoot> GetRootAsync(CancellationToken ct = default) =>
        ApiRoot.Parse(await GetDocumentAsync("", null, null, ct));

    public async Task<PrestaShopVersion?> GetVersionAsync(CancellationToken ct = default)
    {
        if (Version is null)
            await GetDocumentAsync("", null, null, ct);
        return Version;
    }

    /// <summary>One record; NotFound (404, empty body) when the id does not exist.</summary>
    public async Task<T> GetAsync<T>(long id, CancellationToken ct = default) where T : IPrestaShopResource<T> =>
        T.Parse(await GetRecordXmlAsync(T.ResourceName, id, ct), _options.LanguageId);

    /// <summary>One listing call; display=full unless the query chooses fields.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(PrestaShopQuery? query = null, CancellationToken ct = default)
        where T : IPrestaShopResource<T>
    {
        var q = query?.Clone() ?? PrestaShopQuery.Create();
        if (q.DisplayValue is null)
            q.Full();
        var doc = await GetDocumentAsync(T.ResourceName, q, T.ResourceName, ct);
        return PsXml.Records(doc, T.ElementName).Select(e => T.Parse(e, _options.LanguageId)).ToList();
    }

    /// <summary>Ids only (a listing without display).</summary>
    public async Task<IReadOnlyList<long>> ListIdsAsync(string resource, PrestaShopQuery? query = null, CancellationToken ct = default)
    {
        var doc = await GetDocumentAsync(resource, query, resource, ct);
        return doc.Root?.Elements().FirstOrDefault()?.Elements().Select(PsXml.RecordId).ToList() ?? [];
    }

    /// <summary>
    /// Pages of a listing (limit=offset,count) until a short or empty page; PrestaShop gives no total count.
    /// Sorted by id unless the query sorts, because unsorted pages are not in id order on large shops.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(PrestaShopQuery? query = null, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken ct = default) where T : IPrestaShopResource<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var q = query?.Clone() ?? PrestaShopQuery.Create();
        if (!q.HasSort)
            q.OrderBy("id");
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await ListAsync<T>(q.Page(offset, pageSize), ct);
            if (page.Count > 0)
                yield return page;
            if (page.Count < pageSize)
                yield break;
        }
    }

    /// <summary>
    /// Records changed since a cursor, oldest first, with sort=[date_upd_ASC,id_ASC] and date=1. The first page starts at
    /// cursor - overlap (clock skew, late commits); rows at or before the (date_upd, id) cursor are skipped, so rows sharing
    /// a second with the cursor are neither lost nor repeated. Next pages continue from the last row (keyset, not offset).
    /// </summary>
    public async IAsyncEnumerable<ChangedPage<T>> ChangesSinceAsync<T>(PrestaShopCursor? since, TimeSpan overlap,
        int pageSize = 100, PrestaShopQuery? filter = null, [EnumeratorCancellation] CancellationToken ct = default)
        where T : IPrestaShopResource<T>, IChangeTracked
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var cursor = since;
        DateTime? from = since is null ? null : since.DateUpd - overlap;
        var sameSecondSeen = 0; // rows already read whose date_upd equals the lower bound
        while (true)
        {
            var q = (filter?.Clone() ?? PrestaShopQuery.Create()).WithoutFilter("date_upd").WithoutSort();
            if (q.DisplayValue is null)
                q.Full();
            if (from is { } lower)
                q.GreaterThan("date_upd", lower.AddSeconds(-1)); // '>' is strict; date_upd has whole seconds
            q.OrderBy("date_upd").OrderBy("id").Page(sameSecondSeen, pageSize);
            var rows = await ListAsync<T>(q, ct);

            var fresh = rows.Where(r => cursor is null || IsAfter(r, cursor)).ToList();
            if (rows.Count > 0)
            {
                var last = rows[^1];
                var lastDate = last.DateUpd ?? DateTime.MinValue;
                sameSecondSeen = lastDate == from ? sameSecondSeen + rows.Count : rows.Count(r => r.DateUpd == lastDate);
                from = lastDate;
            }
            foreach (var r in fresh)
                cursor = new PrestaShopCursor(r.DateUpd ?? DateTime.MinValue, r.Id);
            if (fresh.Count > 0)
                yield return new ChangedPage<T>(fresh, cursor);
            if (rows.Count < pageSize)
                yield break;
        }
    }

    private static bool IsAfter(IChangeTracked row, PrestaShopCursor cursor)
    {
        var date = row.DateUpd ?? DateTime.MinValue;
        return date > cursor.DateUpd || (date == cursor.DateUpd && row.Id > cursor.Id);
    }

    public Task<IReadOnlyList<Product>> GetProductsPageAsync(int offset, int count, CancellationToken ct = default) =>
        ListAsync<Product>(PrestaShopQuery.Create().Full().OrderBy("id").Page(offset, count), ct);

    public Task<IReadOnlyList<OrderState>> GetOrderStatesAsync(CancellationToken ct = default) => ListAsync<OrderState>(null, ct);

    public Task<IReadOnlyList<Carrier>> GetCarriersAsync(CancellationToken ct = default) => ListAsync<Carrier>(null, ct);

    public Task<IReadOnlyList<Shop>> GetShopsAsync(CancellationToken ct = default) => ListAsync<Shop>(null, ct);

    public Task<IReadOnlyList<Language>> GetLanguagesAsync(CancellationToken ct = default) => ListAsync<Language>(null, ct);

    public Task<IReadOnlyList<OrderDetail>> GetOrderDetailsAsync(long orderId, CancellationToken ct = default) =>
        ListAsync<OrderDetail>(PrestaShopQuery.Create().Equal("id_order", orderId).OrderBy("id"), ct);

    public Task<IReadOnlyList<OrderHistory>> GetOrderHistoriesAsync(long orderId, CancellationToken ct = default) =>
        ListAsync<OrderHistory>(PrestaShopQuery.Create().Equal("id_order", orderId).OrderBy("id"), ct);

    public Task<IReadOnlyList<OrderCarrier>> GetOrderCarriersAsync(long orderId, CancellationToken ct = default) =>
        ListAsync<OrderCarrier>(PrestaShopQuery.Create().Equal("id_order", orderId).OrderBy("id"), ct);

    public Task<IReadOnlyList<StockAvailable>> GetStockAvailablesAsync(long productId, CancellationToken ct = default) =>
        ListAsync<StockAvailable>(PrestaShopQuery.Create().Equal("id_product", productId).OrderBy("id"), ct);

    public Task<IReadOnlyList<Configuration>> GetConfigurationsAsync(IEnumerable<string> names, CancellationToken ct = default) =>
        ListAsync<Configuration>(PrestaShopQuery.Create().In("name", names), ct);

    /// <summary>PS_STOCK_MANAGEMENT and PS_ADVANCED_STOCK_MANAGEMENT (global value, or this shop's when set).</summary>
    public async Task<(bool StockManagement, bool AdvancedStockManagement)> GetStockManagementAsync(CancellationToken ct = default)
    {
        var rows = await GetConfigurationsAsync(["PS_ADVANCED_STOCK_MANAGEMENT", "PS_STOCK_MANAGEMENT"], ct);
        return (ValueForThisShop(rows, "PS_STOCK_MANAGEMENT") == "1", ValueForThisShop(rows, "PS_ADVANCED_STOCK_MANAGEMENT") == "1");
    }

    /// <summary>
    /// The ISO code of the shop's default currency (PS_CURRENCY_DEFAULT): the currency of its catalog prices. Null when the
    /// shop does not say (the value or the currency row is missing).
    /// </summary>
    public async Task<string?> GetDefaultCurrencyAsync(CancellationToken ct = default)
    {
        var rows = await GetConfigurationsAsync(["PS_CURRENCY_DEFAULT"], ct);
        if (!long.TryParse(ValueForThisShop(rows, "PS_CURRENCY_DEFAULT"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            return null;
        var currency = (await ListAsync<Currency>(PrestaShopQuery.Create().Equal("id", id).Display("id", "iso_code"), ct)).FirstOrDefault();
        return string.IsNullOrWhiteSpace(currency?.IsoCode) ? null : currency.IsoCode.Trim().ToUpperInvariant();
    }

    // A multistore shop may override a value for itself; otherwise the global row counts.
    private string? ValueForThisShop(IReadOnlyList<Configuration> rows, string name) =>
        (rows.FirstOrDefault(r => r.Name == name && _options.ShopId is { } s && r.IdShop == s)
         ?? rows.FirstOrDefault(r => r.Name == name && r.IdShop is null or 0))?.Value;

    /// <summary>True when some stock row depends on Advanced Stock Management (such rows cannot be written).</summary>
    public async Task<bool> HasDependsOnStockRowsAsync(CancellationToken ct = default) =>
        (await ListIdsAsync("stock_availables", PrestaShopQuery.Create().Equal("depends_on_stock", 1).Limit(1), ct)).Count > 0;

    public async Task<ProductImageList> GetImageListAsync(long productId, CancellationToken ct = default)
    {
        var doc = await GetDocumentAsync($"images/products/{productId}", null, "images", ct);
        return ProductImageList.Parse(doc, productId);
    }

    /// <summary>The stored image file; ImageMissing (500 code 61) when the file is gone from the shop's disk.</summary>
    public async Task<ImageDownload> DownloadImageAsync(long productId, long imageId, string? imageType = null,
        CancellationToken ct = default)
    {
        var path = $"images/products/{productId}/{imageId}" + (imageType is null ? "" : "/" + Uri.EscapeDataString(imageType));
        var response = await SendAsync(HttpMethod.Get, path, null, null, "images", ct);
        var type = response.ContentType ?? "application/octet-stream";
        if (!type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            throw PrestaShopErrorMapper.FromResponse(response.Status, type, response.Text, "GET", response.Url, "images");
        return new ImageDownload(response.Body, type);
    }

    /// <summary>The raw record element (&lt;product&gt;...) of /api/{resource}/{id}.</summary>
    public async Task<XElement> GetRecordXmlAsync(string resource, long id, CancellationToken ct = default)
    {
        var doc = await GetDocumentAsync($"{resource}/{id}", null, resource, ct);
        return doc.Root?.Elements().FirstOrDefault()
            ?? throw new PrestaShopException(PrestaShopErrorKind.InvalidResponse, $"Empty answer for {resource}/{id}",
                "The shop answered without the record. Retry later.", 200);
    }

    public async Task<XDocument> GetDocumentAsync(string path, PrestaShopQuery? query, string? resource, CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, path, query?.ToParameters(), null, resource, ct);
        return ParseXml(response, "GET", resource);
    }

    // ---------- writes ----------

    /// <summary>
    /// GET-modify-PUT: fetches the full record, sets the named fields, removes read-only fields and PUTs everything back
    /// (a PUT that omits a field wipes it). An ambiguous failure (5xx, timeout) is checked by re-reading the record.
    /// </summary>
    public async Task<XElement> UpdateFieldsAsync(string resource, long id, IReadOnlyDictionary<string, string> changes,
        IEnumerable<KeyValuePair<string, string>>? extraQuery = null, CancellationToken ct = default) =>
        await ApplyAndPutAsync(resource, id, await GetRecordXmlAsync(resource, id, ct), changes, extraQuery, ct);

    private async Task<XElement> ApplyAndPutAsync(string resource, long id, XElement record, IReadOnlyDictionary<string, string> changes,
        IEnumerable<KeyValuePair<string, string>>? extraQuery, CancellationToken ct)
    {
        foreach (var (name, value) in changes)
        {
            var field = record.Element(name)
                ?? throw new ArgumentException($"'{resource}' has no field '{name}' on this shop.", nameof(changes));
            field.ReplaceNodes(new XCData(value));
        }
        try
        {
            return await PutAsync(resource, id, record, extraQuery, ct);
        }
        catch (PrestaShopException ex) when (IsAmbiguous(ex))
        {
            var current = await GetRecordXmlAsync(resource, id, ct);
            if (changes.All(c => SameValue(PsXml.Text(current.Element(c.Key)), c.Value)))
                return current;
            throw;
        }
    }

    /// <summary>PUTs a record element (read-only fields removed); the body id decides the row, so it must match the URL.</summary>
    public async Task<XElement> PutAsync(string resource, long id, XElement record,
        IEnumerable<KeyValuePair<string, string>>? extraQuery = null, CancellationToken ct = default)
    {
        var body = new XElement(record);
        if (PsXml.Long(body, "id") != id)
            throw new ArgumentException($"The record's <id> must be {id}: PrestaShop updates the row named in the body.", nameof(record));
        PrestaShopReadOnlyFields.Strip(resource, body);
        var response = await SendAsync(HttpMethod.Put, $"{resource}/{id}", extraQuery?.ToList(), Wrap(body), resource, ct);
        return ParseXml(response, "PUT", resource).Root?.Elements().FirstOrDefault() ?? body;
    }

    /// <summary>POSTs a new record. Never retried: a POST that timed out may still have created the row.</summary>
    public async Task<XElement> PostAsync(string resource, XElement record,
        IEnumerable<KeyValuePair<string, string>>? extraQuery = null, CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Post, resource, extraQuery?.ToList(), Wrap(record), resource, ct);
        return ParseXml(response, "POST", resource).Root?.Elements().FirstOrDefault()
            ?? throw new PrestaShopException(PrestaShopErrorKind.InvalidResponse, $"Empty answer to POST {resource}",
                "The shop did not return the created record.", response.Status);
    }

    /// <summary>Sets one stock row's quantity; everything else (id_shop, location...) is PUT back unchanged.</summary>
    public async Task<StockAvailable> SetStockQuantityAsync(long stockAvailableId, int quantity, CancellationToken ct = default)
    {
        var record = await GetRecordXmlAsync("stock_availables", stockAvailableId, ct);
        var row = StockAvailable.Parse(record, _options.LanguageId);
        if (row.DependsOnStock)
            throw new PrestaShopException(PrestaShopErrorKind.AsmEnabled,
                $"Stock row {stockAvailableId} (product {row.IdProduct}, combination {row.IdProductAttribute}) depends on Advanced Stock Management",
                PrestaShopErrorMapper.AsmFix);
        if (row.Quantity == quantity)
            return row;
        var saved = await ApplyAndPutAsync("stock_availables", stockAvailableId, record,
            new Dictionary<string, string> { ["quantity"] = quantity.ToString(CultureInfo.InvariantCulture) }, null, ct);
        return StockAvailable.Parse(saved, _options.LanguageId);
    }

    /// <summary>
    /// Sets the tracking number of an order carrier (mirrored by PrestaShop into orders.shipping_number).
    /// sendemail=1 (the in-transit mail) is only sent to 1.7 and later, which know it.
    /// </summary>
    public async Task<OrderCarrier> SetTrackingNumberAsync(long orderCarrierId, string trackingNumber, bool sendEmail,
        CancellationToken ct = default)
    {
        if (!Shipping.TrackingNumberRules.HasOnlyAllowedCharacters(trackingNumber))
            throw new PrestaShopException(PrestaShopErrorKind.Validation,
                $"Tracking number '{trackingNumber}' is not accepted by PrestaShop",
                "PrestaShop accepts letters, digits, spaces and ~ : # , % & _ = ( ) [ ] . ? + - @ / in tracking numbers. Correct the tracking number and retry.");
        var record = await GetRecordXmlAsync("order_carriers", orderCarrierId, ct);
        var current = OrderCarrier.Parse(record, _options.LanguageId);
        if (current.TrackingNumber == trackingNumber)
            return current;
        var query = sendEmail && Version?.AtLeast(1, 7) == true
            ? new[] { new KeyValuePair<string, string>("sendemail", "1") }
            : null;
        var saved = await ApplyAndPutAsync("order_carriers", orderCarrierId, record,
            new Dictionary<string, string> { ["tracking_number"] = trackingNumber }, query, ct);
        return OrderCarrier.Parse(saved, _options.LanguageId);
    }

    /// <summary>The current id of a carrier by its stable id_reference (editing a carrier in the shop gives it a new id); null when none is left.</summary>
    public async Task<long?> CurrentCarrierIdAsync(string carrierReference, CancellationToken ct = default)
    {
        var carriers = await ListAsync<Carrier>(PrestaShopQuery.Create().Display("id", "id_reference", "name", "deleted")
            .Equal("id_reference", carrierReference).Equal("deleted", 0), ct);
        return carriers.Count == 0 ? null : carriers.Max(c => c.Id);
    }

    /// <summary>
    /// Sets the carrier of a shop order where PrestaShop keeps it: the order's last order_carriers row (what the back office and
    /// the in-transit mail show) and the order's own id_carrier. Each record is re-read and PUT whole only when it differs, so a
    /// rerun writes nothing twice. True when something was written. (A Webservice PUT changes neither the shipping cost nor the state.)
    /// </summary>
    public async Task<bool> SetOrderCarrierAsync(long orderId, long carrierId, CancellationToken ct = default)
    {
        var written = false;
        var id = carrierId.ToString(CultureInfo.InvariantCulture);
        var rows = await ListAsync<OrderCarrier>(PrestaShopQuery.Create().Equal("id_order", orderId).Display("id", "id_carrier").OrderBy("id"), ct);
        if (rows.Count > 0 && rows[^1].IdCarrier != carrierId)
        {
            var record = await GetRecordXmlAsync("order_carriers", rows[^1].Id, ct);
            await ApplyAndPutAsync("order_carriers", rows[^1].Id, record, new Dictionary<string, string> { ["id_carrier"] = id }, null, ct);
            written = true;
        }
        var order = await GetRecordXmlAsync("orders", orderId, ct);
        if (PsXml.Long(order, "id_carrier") != carrierId)
        {
            await ApplyAndPutAsync("orders", orderId, order, new Dictionary<string, string> { ["id_carrier"] = id }, null, ct);
            written = true;
        }
        return written;
    }

    /// <summary>
    /// Moves an order to a state by POSTing an order_history. Idempotent by reading first: an order already in the state is
    /// left alone (PrestaShop would add a duplicate row), and an ambiguous failure is checked by re-reading current_state.
    /// </summary>
    public async Task<OrderStateChange> AddOrderHistoryAsync(long orderId, long orderStateId, bool sendEmail,
        CancellationToken ct = default)
    {
        if (await GetCurrentStateAsync(orderId, ct) == orderStateId)
            return new OrderStateChange(orderId, orderStateId, Created: false, AlreadyInState: true, null);
        var record = new XElement("order_history",
            new XElement("id_order", new XCData(orderId.ToString(CultureInfo.InvariantCulture))),
            new XElement("id_order_state", new XCData(orderStateId.ToString(CultureInfo.InvariantCulture))));
        try
        {
            var created = await PostAsync("order_histories", record,
                sendEmail ? [new KeyValuePair<string, string>("sendemail", "1")] : null, ct);
            return new OrderStateChange(orderId, orderStateId, Created: true, AlreadyInState: false, PsXml.OptLong(created, "id"));
        }
        catch (PrestaShopException ex) when (IsAmbiguous(ex))
        {
            // PHP notices turn successful writes into 500s: believe the order, not the status code.
            if (await GetCurrentStateAsync(orderId, ct) == orderStateId)
                return new OrderStateChange(orderId, orderStateId, Created: true, AlreadyInState: false, null);
            throw;
        }
    }

    private async Task<long> GetCurrentStateAsync(long orderId, CancellationToken ct) =>
        PsXml.Long(await GetRecordXmlAsync("orders", orderId, ct), "current_state");

    /// <summary>A failure after which a write may or may not have been applied (PHP warnings, lost answer): re-read to know.</summary>
    internal static bool IsAmbiguous(PrestaShopException ex) =>
        ex.Kind is PrestaShopErrorKind.Timeout or PrestaShopErrorKind.Network
        || (ex.Kind == PrestaShopErrorKind.ServerError && ex.HttpStatus >= 500);

    private static bool SameValue(string? actual, string expected) =>
        actual == expected
        || (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) && a == b);

    private static string Wrap(XElement record) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + new XElement("prestashop", new XAttribute(XNamespace.Xmlns + "xlink", PsXml.XLink.NamespaceName), record)
            .ToString(SaveOptions.DisableFormatting);

    // ---------- transport ----------

    internal sealed record RawResponse(int Status, string? ContentType, byte[] Body, string Url, string? Location = null)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private XDocument ParseXml(RawResponse response, string method, string? resource)
    {
        // Only the start of the answer is decoded to recognise a web page; the XML is parsed from the bytes as a stream.
        var head = Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Body.Length, 1024));
        using var body = new MemoryStream(response.Body, writable: false);
        if (PrestaShopErrorMapper.LooksLikeHtml(response.ContentType, head) || !PsXml.TryLoad(body, out var doc, out var repairs))
            throw PrestaShopErrorMapper.FromResponse(response.Status, response.ContentType, response.Text, method, response.Url, resource);
        if (repairs is not null)
        {
            // Once per client at Warning (the admin can fix the shop), then quietly: every page of a run is usually alike.
            var level = Interlocked.Increment(ref _repairsLogged) == 1 ? LogLevel.Warning : LogLevel.Debug;
            _logger.Log(level, "The shop's answer to {Method} {Url} was repaired before parsing: removed {Repairs}. Check the shop's PHP error display and modules.",
                method, response.Url, repairs);
        }
        return doc;
    }

    private async Task<byte[]> ReadBodyAsync(HttpContent content, long limit, bool isImage, HttpMethod method, string path,
        IReadOnlyList<KeyValuePair<string, string>>? query, CancellationToken ct)
    {
        PrestaShopException TooLarge() => new(PrestaShopErrorKind.InvalidResponse,
            $"The shop's answer is larger than {(limit >= 1024 * 1024 ? $"{limit / (1024 * 1024.0):0.#} MB" : $"{limit} bytes")}",
            isImage
                ? "This product image is too large to download. Make it smaller in the shop, or raise Connect:PrestaShop:MaxImageMegabytes."
                : "The shop's answer is too large to read safely. Lower the page size of this feed, or raise Connect:PrestaShop:MaxResponseMegabytes.",
            null, null, method.Method, RedactedUrl(path, query));
        if (content.Headers.ContentLength > limit) throw TooLarge();
        // The body is read within the call's timeout too, so a shop that stalls mid-answer cannot hang the feed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream(content.Headers.ContentLength is { } length ? (int)length : 64 * 1024);
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PrestaShopException(PrestaShopErrorKind.Timeout, $"The shop did not finish its answer within {_options.Timeout.TotalSeconds:0} s",
                "The shop is too slow to answer. Lower the page size or the concurrency of this integration, or ask the host to raise PHP max_execution_time.",
                null, null, method.Method, RedactedUrl(path, query));
        }
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put;

    private async Task<RawResponse> SendAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? query,
        string? xmlBody, string? resource, CancellationToken ct)
    {
        if (_options.InsecureUrlReason() is { } insecure)
            throw new PrestaShopException(PrestaShopErrorKind.InsecureUrl, "The shop address is plain http://", insecure);
        var attempts = IsIdempotent(method) ? Math.Max(0, _options.RetryCount) + 1 : 1;
        for (var attempt = 1; ; attempt++)
        {
            PrestaShopException failure;
            try
            {
                var response = await SendOnceAsync(method, path, query, xmlBody, ct);
                // Redirects are not followed: the Authorization header is dropped on the way, and the 401 that follows
                // would look like a server stripping it and send the key in the URL. The admin saves the final address.
                if (response.Status is >= 300 and < 400)
                    throw Redirected(response, method);
                if (response.Status == 401 && !_useWsKey && LooksHeaderStripped(response))
                {
                    // The server dropped the Authorization header (PHP as CGI): the key only works as ?ws_key=.
                    _useWsKey = true;
                    var retried = await SendOnceAsync(method, path, query, xmlBody, ct);
                    if (retried.Status == 401)
                    {
                        _useWsKey = false;
                        throw WrongKey(PrestaShopErrorMapper.FromResponse(retried.Status, retried.ContentType, retried.Text, method.Method, retried.Url, resource));
                    }
                    AuthorizationHeaderStripped = true;
                    response = retried;
                }
                if (response.Status is >= 200 and < 300)
                    return response;
                failure = PrestaShopErrorMapper.FromResponse(response.Status, response.ContentType, response.Text,
                    method.Method, response.Url, resource);
            }
            catch (FlurlHttpTimeoutException ex) when (!ct.IsCancellationRequested)
            {
                failure = new PrestaShopException(PrestaShopErrorKind.Timeout,
                    $"The shop did not answer within {_options.Timeout.TotalSeconds:0} s",
                    "The shop is too slow to answer. Lower the page size or the concurrency of this integration, or ask the host to raise PHP max_execution_time.",
                    null, null, method.Method, RedactedUrl(path, query), SafeInner(ex));
            }
            catch (FlurlHttpException ex) when (!ct.IsCancellationRequested)
            {
                failure = TransportFailure(ex, method, path, query);
            }
            catch (FlurlHttpException) when (ct.IsCancellationRequested)
            {
                // Flurl's exception names the full URL, ws_key included: the caller only needs to know it cancelled.
                throw new OperationCanceledException("The call to the shop was cancelled.", null, ct);
            }
            if (!failure.IsTransient || attempt >= attempts)
                throw failure;
            await Task.Delay(Backoff(attempt), ct);
        }
    }

    private static PrestaShopException WrongKey(PrestaShopException refused) =>
        new(PrestaShopErrorKind.BadKey, refused.Message, PrestaShopErrorMapper.BadKeyFix, refused.HttpStatus, refused.Errors, refused.Method, refused.Url)
        {
            KeyRefusedEvenInUrl = true,
        };

    private static PrestaShopException Redirected(RawResponse response, HttpMethod method)
    {
        var target = response.Location is { } location && Uri.TryCreate(location, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}{ShopRootOf(uri.AbsolutePath)}"
            : null;
        return new PrestaShopException(PrestaShopErrorKind.Redirected, $"The shop redirects to another address (HTTP {response.Status})",
            target is null
                ? "The shop answers from another address than the one saved. Open the shop in a browser and enter the address it ends up on (https://, with or without www) as the shop URL."
                : $"The shop answers from {target}. Enter {target} as the shop URL (Connect does not follow redirects, so the API key never goes to an address you did not choose).",
            response.Status, null, method.Method, response.Url);
    }

    // The shop root of a redirect target such as /api/ or /shop/api/products: what the admin types as the shop URL.
    private static string ShopRootOf(string path)
    {
        var at = path.IndexOf("/api", StringComparison.OrdinalIgnoreCase);
        return (at >= 0 ? path[..at] : path).TrimEnd('/');
    }

    private PrestaShopException TransportFailure(FlurlHttpException ex, HttpMethod method, string path,
        IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        var tls = FindInner<AuthenticationException>(ex) is not null;
        return tls
            ? new PrestaShopException(PrestaShopErrorKind.Tls, "The shop's HTTPS certificate was refused",
                "The shop's TLS certificate is invalid, expired or does not match the shop URL. Renew or fix the certificate, or check the URL.",
                null, null, method.Method, RedactedUrl(path, query), SafeInner(ex))
            : new PrestaShopException(PrestaShopErrorKind.Network, "The shop could not be reached",
                "Connect could not connect to the shop (DNS, refused or reset connection). Check the shop URL and that the shop is online; Connect will retry later.",
                null, null, method.Method, RedactedUrl(path, query), SafeInner(ex));
    }

    private static T? FindInner<T>(Exception ex) where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is T found)
                return found;
        return null;
    }

    // Flurl's own exception text contains the full URL (and so a ws_key): keep only the underlying cause, redacted.
    private Exception? SafeInner(FlurlHttpException ex)
    {
        var inner = ex.InnerException;
        if (inner is null)
            return null;
        return inner.ToString().Contains(_options.ApiKey, StringComparison.Ordinal)
            ? new HttpRequestException(UrlRedactor.Redact(inner.Message.Replace(_options.ApiKey, "***", StringComparison.Ordinal)))
            : inner;
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(_options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 10)));

    private static bool LooksHeaderStripped(RawResponse response)
    {
        var text = response.Text;
        var errors = PrestaShopErrorMapper.ReadErrors(text);
        if (errors.Count > 0)
            return errors.Any(e => e.Code is 16 or 17);
        return text.Trim().Length == 0 || PrestaShopErrorMapper.LooksLikeHtml(response.ContentType, text)
            || text.Contains("401 Unauthorized", StringComparison.OrdinalIgnoreCase);
    }

    private string BuildPathAndQuery(string path, IReadOnlyList<KeyValuePair<string, string>>? query, bool withKey)
    {
        var parameters = new List<KeyValuePair<string, string>>(query ?? []);
        if (_options.ShopId is { } shop && parameters.All(p => p.Key != "id_shop"))
            parameters.Add(new("id_shop", shop.ToString(CultureInfo.InvariantCulture)));
        if (withKey)
            parameters.Add(new("ws_key", _options.ApiKey));
        var qs = PrestaShopQuery.Encode(parameters);
        return qs.Length == 0 ? path : $"{path}?{qs}";
    }

    private string RedactedUrl(string path, IReadOnlyList<KeyValuePair<string, string>>? query) =>
        UrlRedactor.Redact(_options.ApiRoot + BuildPathAndQuery(path, query, _useWsKey));

    private async Task<RawResponse> SendOnceAsync(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>>? query,
        string? xmlBody, CancellationToken ct)
    {
        var useWsKey = _useWsKey;
        var relative = BuildPathAndQuery(path, query, useWsKey);
        var request = _http.Request(relative).AllowAnyHttpStatus().WithAutoRedirect(false).WithTimeout(_options.Timeout);
        if (!useWsKey)
            request = request.WithBasicAuth(_options.ApiKey, "");
        using var content = xmlBody is null ? null : new CapturedStringContent(xmlBody, "text/xml; charset=utf-8");

        await _gate.WaitAsync(ct);
        try
        {
            // Headers first, then the body streamed under a size limit: a huge answer is refused, not buffered whole.
            using var response = await request.SendAsync(method, content, HttpCompletionOption.ResponseHeadersRead, ct);
            var message = response.ResponseMessage;
            var isImage = message.Content.Headers.ContentType?.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
            var body = await ReadBodyAsync(message.Content, isImage ? _options.MaxImageBytes : _options.MaxResponseBytes, isImage, method, path, query, ct);
            if (response.Headers.TryGetFirst("PSWS-Version", out var raw) && PrestaShopVersion.TryParse(raw) is { } version)
                Version = version;
            return new RawResponse(response.StatusCode, message.Content.Headers.ContentType?.ToString(), body,
                UrlRedactor.Redact(_options.ApiRoot + relative),
                message.Headers.Location is { } location ? new Uri(new Uri(_options.ApiRoot), location).ToString() : null);
        }
        finally
        {
            _gate.Release();
        }
    }
}
