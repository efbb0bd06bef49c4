using System.Globalization;
using Microsoft.Extensions.Logging;
using OneCity.DataHub.Contracts;
using OneCity.GovServices.Bundles;
using OneCity.Platform.Calendar;

namespace OneCity.GovServices.Applications;

/// <summary>A current e-licence the applicant holds, usable as an exempt material.</summary>
internal sealed record HeldLicence(string Id, string Type);

/// <summary>What the registries say about an applicant, obtained through GovServices' DataHub grants only.</summary>
internal sealed record ApplicantRecord(
    IReadOnlyDictionary<string, object?> Person,
    IReadOnlyDictionary<string, object?>? Entity,
    IReadOnlyList<HeldLicence> Licences)
{
    /// <summary>The facts conditions are evaluated over (answers are added by the caller).</summary>
    public Facts ToFacts(DateOnly today)
    {
        var facts = new Facts();
        foreach (var (k, v) in Person)
        {
            facts["applicant." + k] = Normalise(v);
        }

        if (facts["applicant.birthDate"] is DateOnly birth)
        {
            facts["applicant.age"] = (decimal)Platform.Registries.Population.Age.On(birth, today);
        }

        foreach (var (k, v) in Entity ?? new Dictionary<string, object?>())
        {
            facts["entity." + k] = Normalise(v);
        }

        foreach (var l in Licences)
        {
            facts["licences." + l.Type] = true;
        }

        return facts;
    }

    private static object? Normalise(object? v) => v switch
    {
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        int i => (decimal)i,
        long l => (decimal)l,
        double d => (decimal)d,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetDecimal(),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => Normalise(e.GetString()),
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } => true,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.False } => false,
        _ => v,
    };
}

/// <summary>
/// Reads the registries for pre-fill, eligibility and material exemptions as GovServices' DataHub client — the same
/// grant checks, masking and audit-ledger entries as any department system ("data runs instead of people").
/// </summary>
internal sealed class RegistryFacts(DataHubClient dataHub, WorkingCalendar calendar, ILogger<RegistryFacts> logger)
{
    public const string Population = "SH-GA-population";
    public const string LegalEntities = "SH-SJ-legal-entities";
    public const string ELicences = "SH-DSJ-elicences";
    public const string Purpose = "govservices-prefill";

    public async Task<ApplicantRecord?> GetAsync(string personId, string? creditCode, CancellationToken ct)
    {
        var today = calendar.Today;
        var person = await dataHub.GetRecordAsync(DataHubClients.GovServices, Population, personId, Purpose, ct);
        if (person is null)
        {
            return null;
        }

        IReadOnlyDictionary<string, object?>? entity = null;
        if (creditCode is not null)
        {
            entity = await dataHub.GetRecordAsync(DataHubClients.GovServices, LegalEntities, creditCode, Purpose, ct);
        }

        var licences = new List<HeldLicence>();
        foreach (var holder in creditCode is null ? [personId] : new[] { personId, creditCode })
        {
            IReadOnlyList<IReadOnlyDictionary<string, object?>> rows;
            try
            {
                rows = await dataHub.QueryAsync(DataHubClients.GovServices, ELicences, new Dictionary<string, string> { ["holderId"] = holder }, Purpose, 100, ct: ct);
            }
            catch (DataHubAccessDeniedException e) when (e.Status is 403 or 422)
            {
                // Without an e-licence grant nothing is exempt by e-licence: the applicant uploads instead.
                logger.LogWarning("E-licences of an applicant could not be read through DataHub: {Status} {Detail}", e.Status, e.Detail);
                break;
            }

            foreach (var r in rows)
            {
                var type = Text(r, "typeCode") ?? Text(r, "type");
                var status = Text(r, "status");
                var expired = Text(r, "validUntil") is { } until && DateOnly.TryParse(until, CultureInfo.InvariantCulture, out var u) && u < today;
                if (Text(r, "id") is { } id && type is not null && status is null or "Valid" && !expired)
                {
                    licences.Add(new HeldLicence(id, type));
                }
            }
        }

        return new ApplicantRecord(person, entity, licences);
    }

    private static string? Text(IReadOnlyDictionary<string, object?> row, string key) =>
        row.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
}
