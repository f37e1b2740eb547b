namespace SciTldr.Ingestion.Tests.Http;

/// <summary>
/// An in-process HTTP handler whose answers a test scripts, for behaviour a real socket handler never shows:
/// a body stream that ends quietly before its Content-Length, with no error.
/// </summary>
public sealed class ScriptedHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<HttpRequestMessage> _requests = [];

    public IReadOnlyList<HttpRequestMessage> Requests => _requests;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Add(request);
        var response = respond(request, _requests.Count - 1);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
