namespace Connect.PrestaShop.Simulator.Http;

/// <summary>A webservice error answer: status plus the &lt;errors&gt; list (empty list = empty body).</summary>
public sealed class WsError(int status, params (int Code, string Message)[] errors) : Exception(errors.Length > 0 ? errors[0].Message : $"HTTP {status}")
{
    public int Status { get; } = status;
    public IReadOnlyList<(int Code, string Message)> Errors { get; } = errors;

    /// <summary>PHP 8 warnings printed by WebserviceRequest.php lines 1333-1336 after a filter/sort/display error.</summary>
    public static (int, string)[] ArrayOffsetWarnings() =>
        [.. Enumerable.Range(1333, 4).Select(line => (3, $"[PHP Warning #2] Trying to access array offset on value of type bool (/var/www/prestashop/classes/webservice/WebserviceRequest.php, line {line})"))];

    /// <summary>
    /// Bad filter/sort/display: 400 on PHP 7 shops; on PHP 8 the extra warnings turn it into a 500 (recorded on 8.1.2).
    /// </summary>
    public static WsError QueryError(bool phpWarnings, int code, string message) =>
        phpWarnings ? new WsError(500, [(code, message), .. ArrayOffsetWarnings()]) : new WsError(400, (code, message));
}
