namespace Connect.PrestaShop.Simulator.Faults;

/// <summary>Failures a real shop or its hosting produces. Settable at runtime from any thread.</summary>
public sealed class FaultInjection
{
    private readonly Lock gate = new();
    private Random random = new(42);
    private int failNext;

    /// <summary>Only requests to this resource (e.g. "stock_availables") are affected; null = all.</summary>
    public string? OnlyResource { get; set; }
    /// <summary>Only this HTTP method (e.g. "PUT") is affected; null = all.</summary>
    public string? OnlyMethod { get; set; }

    public TimeSpan Latency { get; set; }
    /// <summary>Share (0..1) of requests answered with <see cref="ErrorStatus"/>, drawn from a seeded random.</summary>
    public double ErrorRate { get; set; }
    public int ErrorStatus { get; set; } = 500;
    /// <summary>Hold the request until the client gives up (request aborted) or the shop stops.</summary>
    public bool Hang { get; set; }
    /// <summary>Answer with an HTML page (maintenance/wrong URL) with this status (200 or 503).</summary>
    public int? HtmlPageStatus { get; set; }
    /// <summary>CGI hosting: the Authorization header never reaches PHP, only ?ws_key= works.</summary>
    public bool StripAuthorizationHeader { get; set; }
    /// <summary>Every key is refused as if it had been deleted in the back office.</summary>
    public bool BadKey { get; set; }
    /// <summary>PS_WEBSERVICE off: 503 code 22.</summary>
    public bool WebserviceDisabled { get; set; }
    /// <summary>Writes are applied, then answered 500 with PHP warnings (the ambiguous write).</summary>
    public bool PhpWarningsAfterWrite { get; set; }

    /// <summary>Successful XML answers start with a UTF-8 byte-order mark (a PHP file saved "UTF-8 with BOM").</summary>
    public bool ByteOrderMark { get; set; }
    /// <summary>Successful XML answers are preceded by PHP notices/warnings printed by a module (display_errors on).</summary>
    public bool PhpNoticesBeforeXml { get; set; }
    /// <summary>Control characters (invalid in XML 1.0) appear inside the text of successful XML answers.</summary>
    public bool ControlCharactersInFields { get; set; }

    public int FailNextStatus { get; private set; } = 500;

    public void Seed(int seed) { lock (gate) random = new Random(seed); }

    /// <summary>The next <paramref name="count"/> matching requests fail with <paramref name="status"/> (500, 502, 503).</summary>
    public void FailNext(int count, int status = 500)
    {
        lock (gate) { failNext = count; FailNextStatus = status; }
    }

    public void Reset()
    {
        lock (gate)
        {
            OnlyResource = null; OnlyMethod = null; Latency = TimeSpan.Zero; ErrorRate = 0; ErrorStatus = 500; Hang = false;
            HtmlPageStatus = null; StripAuthorizationHeader = false; BadKey = false; WebserviceDisabled = false;
            PhpWarningsAfterWrite = false; ByteOrderMark = false; PhpNoticesBeforeXml = false; ControlCharactersInFields = false;
            failNext = 0;
        }
    }

    /// <summary>A successful XML body as a misbehaving shop sends it: notices first, control characters inside CDATA, a BOM.</summary>
    internal byte[] Dirty(byte[] xml)
    {
        if (!ByteOrderMark && !PhpNoticesBeforeXml && !ControlCharactersInFields) return xml;
        var text = System.Text.Encoding.UTF8.GetString(xml);
        if (ControlCharactersInFields) text = text.Replace("<![CDATA[", "<![CDATA[\u0001\u000B", StringComparison.Ordinal);
        if (PhpNoticesBeforeXml)
            text = "<br />\n<b>Notice</b>:  Undefined index: id_lang in <b>/var/www/modules/somemodule/somemodule.php</b> on line <b>42</b><br />\n"
                + "\nWarning: Cannot modify header information - headers already sent in /var/www/classes/webservice/WebserviceOutputBuilder.php on line 219\n"
                + text;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return ByteOrderMark ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    public bool Applies(string? resource, string method) =>
        (OnlyResource is null || string.Equals(OnlyResource, resource, StringComparison.Ordinal))
        && (OnlyMethod is null || string.Equals(OnlyMethod, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>Status to fail this request with (fail-next first, then the random rate), or null.</summary>
    internal int? DrawFailure()
    {
        lock (gate)
        {
            if (failNext > 0) { failNext--; return FailNextStatus; }
            if (ErrorRate > 0 && random.NextDouble() < ErrorRate) return ErrorStatus;
            return null;
        }
    }
}
