using System.Buffers;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace OneCity.Sensing.Telemetry;

/// <summary>
/// The embedded MQTT broker (MQTTnet) on <c>Sensing:Mqtt:Address</c>:<c>Sensing:Mqtt:Port</c> (default
/// 127.0.0.1:1883). Gateways connect with a gateway key as the password and publish to
/// <c>onecity/telemetry/{deviceId}</c> a JSON object <c>{"ts","value"}</c> or an array of them. Each message goes
/// through the same parser and pipeline as HTTP; with QoS 1 the PUBACK is sent only after the readings are durable.
/// A bad message is counted and answered (MQTT 5: reason code "payload format invalid"); it never stops the broker.
/// </summary>
internal sealed class MqttIngest(IConfiguration configuration, IServiceScopeFactory scopes, TelemetryParser parser, TelemetryPipeline pipeline, RejectionCounter counter, ILogger<MqttIngest> log) : IHostedService, IAsyncDisposable
{
    public const string TopicPrefix = "onecity/telemetry/";

    private MqttServer? server;

    public int Port { get; private set; }

    public bool Enabled => configuration.GetValue("Sensing:Mqtt:Enabled", true);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        Port = configuration.GetValue("Sensing:Mqtt:Port", 1883);
        var address = IPAddress.Parse(configuration["Sensing:Mqtt:Address"] ?? "127.0.0.1");
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointPort(Port)
            .Build();
        server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += ValidateAsync;
        server.InterceptingPublishAsync += OnPublishAsync;
        await pipeline.Ready.WaitAsync(cancellationToken);
        try
        {
            await server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // The platform still runs, and HTTP ingestion still works; the operator sees why MQTT does not.
            log.LogError(e, "The MQTT broker cannot listen on {Address}:{Port}; MQTT ingestion is off (set Sensing:Mqtt:Port or Sensing:Mqtt:Enabled=false)", address, Port);
            server.Dispose();
            server = null;
            return;
        }

        log.LogInformation("MQTT broker listening on {Address}:{Port}, topic {Topic}{{deviceId}}", address, Port, TopicPrefix);
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        await using var scope = scopes.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<GatewayKeys>();
        if (await keys.AuthenticateAsync(e.Password, CancellationToken.None) is null)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var device = topic[TopicPrefix.Length..];
        var payload = e.ApplicationMessage.Payload;
        ParsedBatch batch;
        try
        {
            batch = parser.ParseMqtt(device, payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
        }
        catch (TelemetryFormatException ex)
        {
            counter.Add([new Rejection(0, device, RejectReason.Malformed, ex.Message)]);
            e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            e.Response.ReasonString = ex.Message;
            return;
        }

        counter.Add(batch.Rejected);
        try
        {
            await pipeline.SubmitAsync(batch.Accepted, e.CancellationToken);
            if (batch.Accepted.Count == 0 && batch.Rejected.Count > 0)
            {
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = batch.Rejected[0].Reason + ": " + batch.Rejected[0].Detail;
            }
        }
        catch (TelemetryBusyException ex)
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            e.Response.ReasonString = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Storing MQTT readings of {Device} failed", device);
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is null || Interlocked.Exchange(ref stopping, 1) == 1)
        {
            return;
        }

        try
        {
            await server.StopAsync();
        }
        catch (InvalidOperationException ex)
        {
            // MQTTnet's listener clean-up can race its own client teardown ("collection was modified"); the listener
            // is closed either way and nothing acknowledged is pending (each PUBACK follows its commit).
            log.LogWarning(ex, "The MQTT listener reported an error while stopping");
        }
    }

    private int stopping;

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
