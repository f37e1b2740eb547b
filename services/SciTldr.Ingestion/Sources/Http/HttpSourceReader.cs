using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// Opens <c>http(s)://</c> sources for streaming: the response is opened with retries (connection errors,
/// timeouts, 408, 429 honouring Retry-After, 5xx), and its body is handed over as it arrives, resuming
/// transparently when it is interrupted. Failures the run should stop on are
/// <see cref="SourceUnavailableException"/>s; the caller's cancellation is an <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> is the caller's, with its handler: Content-Encoding is decoded there or not
/// at all, never here.
/// </remarks>
public sealed class HttpSourceReader
{
    private readonly HttpClient _client;
    private readonly HttpSourceOptions _options;
    private readonly ILogger<HttpSourceReader> _logger;
    private readonly TimeProvider _time;

    public HttpSourceReader(HttpClient client, HttpSourceOptions options, ILogger<HttpSourceReader> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _client = client;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens the source at <paramref name="address"/>; the result owns the response until disposed.</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URL.</exception>
    /// <exception cref="SourceUnavailableException">The source could not be opened.</exception>
    public async Task<HttpSource> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"An HTTP source needs an absolute http:// or https:// address, not '{address}'.", nameof(address));
        }

        var connection = new HttpSourceConnection(_client, address, _options, _logger, _time);
        var response = await connection.OpenAsync(cancellationToken);
        var finalAddress = response.RequestMessage?.RequestUri ?? address;
        var validators = RepresentationValidators.Of(response);
        var contentType = response.Content.Headers.ContentType?.ToString();
        var content = await ResumingHttpStream.StartAsync(connection, response, cancellationToken);
        return new HttpSource(finalAddress, validators, contentType, content);
    }
}
