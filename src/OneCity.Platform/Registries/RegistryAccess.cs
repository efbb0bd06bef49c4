using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Registries;

public enum AccessOutcome
{
    Ok,
    NotFound,
    Forbidden,
}

/// <summary>The answer to an access attempt: the value, or why not.</summary>
public sealed record Access<T>(AccessOutcome Outcome, T? Value, string? Message)
{
    public static Access<T> Ok(T value) => new(AccessOutcome.Ok, value, null);

    public static Access<T> NotFound(string message) => new(AccessOutcome.NotFound, default, message);

    public static Access<T> Forbidden(string message) => new(AccessOutcome.Forbidden, default, message);
}

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public sealed record RevealRequest(IReadOnlyList<string>? Fields, string? Purpose, string? LegalBasis)
{
    /// <summary>Every problem with the request, named by field.</summary>
    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        var fields = Fields ?? [];
        if (fields.Count == 0)
        {
            errors.Add("fields", "at least one of: name, idNumber, mobile, address");
        }
        else if (fields.FirstOrDefault(f => !RevealableFields.All.Contains(f)) is { } bad)
        {
            errors.Add("fields", $"'{bad}' is not revealable; use name, idNumber, mobile or address");
        }

        var purpose = Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose) || purpose.Length < 4)
        {
            errors.Add("purpose", "required: state why you need the full value (at least 4 characters)");
        }
        else if (purpose.Length > 200)
        {
            errors.Add("purpose", "at most 200 characters");
        }

        if (LegalBasis?.Length > 200)
        {
            errors.Add("legalBasis", "at most 200 characters");
        }

        return errors;
    }
}

public sealed record RevealResponse(string PersonId, IReadOnlyDictionary<string, string?> Values, string Purpose);

/// <summary>
/// Staff access to the registries, the way pages and APIs both use it: checks the caller's jurisdiction and writes
/// every read of personal data (masked or not) to the audit ledger, naming the persons touched.
/// </summary>
public sealed class RegistryAccess(RegistryService registry, AuditLedger ledger)
{
    public async Task<PagedList<PersonSummary>> SearchPeopleAsync(CurrentUser user, string? query, string? area, int page, int pageSize, CancellationToken ct)
    {
        var (items, total) = await registry.SearchPeopleAsync(query, area, user.JurisdictionCode, page, pageSize, ct);
        if (items.Count > 0)
        {
            await ledger.AppendAsync(user, new AuditRecord(
                "registry.people.searched", "person", items.Count == 1 ? items[0].Id : "*", Purpose: "registry search",
                Details: $"{items.Count} masked record(s)", Subjects: items.Select(i => i.Id).ToList()), ct);
        }

        return new PagedList<PersonSummary>(items, total, page, pageSize);
    }

    public async Task<Access<PersonDetail>> GetPersonAsync(CurrentUser user, string id, CancellationToken ct)
    {
        if (await CheckAsync<PersonDetail>(user, id, ct) is { } denied)
        {
            return denied;
        }

        var detail = (await registry.GetPersonAsync(id, ct))!;
        await ledger.AppendAsync(user, new AuditRecord("registry.person.viewed", "person", id, Purpose: "registry view", Details: "masked",
            Subjects: [id, .. detail.Family.Select(f => f.PersonId)]), ct);
        return Access<PersonDetail>.Ok(detail);
    }

    /// <summary>Reveals full values. The request must have been validated; the ledger entry precedes the disclosure.</summary>
    public async Task<Access<RevealResponse>> RevealAsync(CurrentUser user, string id, RevealRequest request, CancellationToken ct)
    {
        if (!user.Roles.Any(r => Policies.PersonalDataRoles.Contains(r)))
        {
            return Access<RevealResponse>.Forbidden("Your role may not reveal personal data.");
        }

        if (await CheckAsync<RevealResponse>(user, id, ct) is { } denied)
        {
            return denied;
        }

        var fields = request.Fields!.Distinct(StringComparer.Ordinal).ToList();
        var purpose = request.Purpose!.Trim();
        await ledger.AppendAsync(user, new AuditRecord("registry.person.revealed", "person", id, Purpose: purpose,
            LegalBasis: request.LegalBasis?.Trim(), Details: "fields: " + string.Join(",", fields), Subjects: [id]), ct);
        var values = (await registry.RevealAsync(id, fields, ct))!;
        return Access<RevealResponse>.Ok(new RevealResponse(id, values, purpose));
    }

    public async Task<Access<IReadOnlyList<PropertyView>>> PropertiesOfAsync(CurrentUser user, string id, CancellationToken ct)
    {
        if (await CheckAsync<IReadOnlyList<PropertyView>>(user, id, ct) is { } denied)
        {
            return denied;
        }

        var items = await registry.PropertiesOfAsync(id, ct);
        await ledger.AppendAsync(user, new AuditRecord("registry.properties.viewed", "person", id, Purpose: "registry view", Subjects: [id]), ct);
        return Access<IReadOnlyList<PropertyView>>.Ok(items);
    }

    public async Task<Access<IReadOnlyList<ELicenceView>>> LicencesOfAsync(CurrentUser user, string id, CancellationToken ct)
    {
        if (await CheckAsync<IReadOnlyList<ELicenceView>>(user, id, ct) is { } denied)
        {
            return denied;
        }

        var items = await registry.LicencesOfAsync(id, ct);
        await ledger.AppendAsync(user, new AuditRecord("registry.elicences.viewed", "person", id, Purpose: "registry view", Subjects: [id]), ct);
        return Access<IReadOnlyList<ELicenceView>>.Ok(items);
    }

    /// <summary>A citizen's own record, in full: reading one's own data is recorded too, as self-access.</summary>
    public async Task<Access<PersonRecord>> OwnRecordAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.PersonId is null)
        {
            return Access<PersonRecord>.NotFound("This account is not linked to a registry record.");
        }

        var record = await registry.GetRecordAsync(user.PersonId, ct);
        if (record is null)
        {
            return Access<PersonRecord>.NotFound("The linked registry record no longer exists.");
        }

        await ledger.AppendAsync(user, new AuditRecord("registry.person.self-viewed", "person", user.PersonId, Purpose: "self access", Subjects: [user.PersonId]), ct);
        return Access<PersonRecord>.Ok(record);
    }

    /// <summary>A citizen's e-licences and those of the companies they represent.</summary>
    public async Task<IReadOnlyList<ELicenceView>> OwnLicencesAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.PersonId is null)
        {
            return [];
        }

        var result = new List<ELicenceView>(await registry.LicencesOfAsync(user.PersonId, ct));
        foreach (var code in await registry.EntitiesRepresentedByAsync(user.PersonId, ct))
        {
            result.AddRange(await registry.LicencesOfAsync(code, ct));
        }

        return result;
    }

    private async Task<Access<T>?> CheckAsync<T>(CurrentUser user, string id, CancellationToken ct)
    {
        var areas = await registry.GetAreasAsync(id, ct);
        if (areas is null)
        {
            return Access<T>.NotFound($"No resident has id {id}.");
        }

        return RegistryService.Covers(user.JurisdictionCode, areas.Value.Hukou, areas.Value.Residence)
            ? null
            : Access<T>.Forbidden($"Resident {id} is outside your jurisdiction ({user.JurisdictionCode}).");
    }
}
