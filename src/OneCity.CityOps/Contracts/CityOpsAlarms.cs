using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Contracts;

/// <summary>The incident an alarm became part of: new, merged as a duplicate, or joined by storm suppression.</summary>
public sealed record AlarmIncident(string IncidentNumber, string Status, bool Merged, bool AlreadyReported);

/// <summary>A sensing system's alarm, as another module hands it to CityOps.</summary>
public sealed record SensorAlarm(string DeviceId, string AlarmId, bool Camera, string CategoryCode, double Longitude, double Latitude, string Text, string? Evidence);

/// <summary>
/// The in-process contract other modules use to turn alarms into incidents. It runs the same intake pipeline as
/// <c>POST /api/cityops/alarms</c> (validate → classify → locate → duplicate check and storm suppression → persist →
/// route → dispatch, one transaction, audit-ledger entry), acting as the system account: many alarms of one category
/// in one subdistrict within six hours become one incident.
/// </summary>
public sealed class CityOpsAlarms
{
    private readonly IServiceScopeFactory scopes;

    internal CityOpsAlarms(IServiceScopeFactory scopes) => this.scopes = scopes;

    /// <summary>Files the alarm; the same device and alarm id again answers with the incident it already became.</summary>
    /// <exception cref="ArgumentException">The alarm is invalid (the message names the field and the rule).</exception>
    public async Task<AlarmIncident> RaiseAsync(SensorAlarm alarm, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        await using var scope = scopes.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
        var text = string.IsNullOrWhiteSpace(alarm.Evidence) ? alarm.Text : $"{alarm.Text}\n证据：{alarm.Evidence}";
        var draft = new ReportDraft(alarm.Camera ? ReportChannel.Camera : ReportChannel.Sensor, text, alarm.CategoryCode,
            alarm.Longitude, alarm.Latitude, ExternalId: $"{alarm.DeviceId}:{alarm.AlarmId}", Source: alarm.Camera ? "camera-ai" : "iot");
        var (result, errors) = await intake.SubmitAsync(CurrentUser.System, draft, ct);
        if (result is null)
        {
            throw new ArgumentException("Invalid alarm: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), nameof(alarm));
        }

        return new AlarmIncident(result.Incident.Number, IncidentQueries.Status(result.Incident.Status), result.Merged, result.Existing);
    }
}
