using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Data;
using OneCity.DataHub.Tracker;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries;
using OneCity.Platform.Registries.ELicences;

namespace OneCity.DataHub.Sharing;

/// <summary>One read through the data API: a key lookup or a filtered page.</summary>
internal sealed record DataQuery(string? Key, IReadOnlyDictionary<string, string> Filters, int Limit, int Offset, IReadOnlyList<string>? Fields)
{
    public string Describe() => Key is not null
        ? Key
        : string.Join('&', Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}").Append($"limit={Limit}").Append($"offset={Offset}"));
}

/// <summary>Why a read was refused: status, title, detail, and the field or parameter at fault.</summary>
internal sealed record DataRefusal(int Status, string Title, string Detail, string? Field = null, TimeSpan? RetryAfter = null);

internal sealed record DataPage(string Dataset, long GrantId, int Limit, int Offset, bool HasMore, IReadOnlyList<Dictionary<string, object?>> Items);

internal sealed record DataResult(DataPage? Page, DataRefusal? Refusal);

/// <summary>
/// The data API's rules, shared by the HTTP endpoints and the in-process <see cref="Contracts.DataHubClient"/>:
/// the client's department's active grant for the dataset and purpose; only granted fields and rows; personal
/// fields masked unless granted in clear; consent checked for consent-based grants; a token bucket per grant;
/// and one audit-ledger entry for every call, answered or refused.
/// </summary>
internal sealed partial class DataAccess(
    DataHubDbContext db, GrantCache cache, GrantRateLimiter limiter, RegistryService registry,
    ConsentService consent, AuditLedger ledger, TimeProvider clock)
{
    public const int MaxLimit = 100;
    public const string ClientRole = "system-client";
    public const string ReadAction = "datahub.data.read";
    public const string RefusedAction = "datahub.data.refused";

    /// <summary>Field names of stored datasets that carry population-registry person ids (the ledger's subjects).</summary>
    private static readonly HashSet<string> PersonIdFields = new(StringComparer.Ordinal) { "personId", "legalRepresentativeId", "holderPersonId", "ownerPersonId", "applicantPersonId" };

    // Parentheses occur in property certificate numbers: 沪(2023)黄浦区不动产权第0001234号.
    [GeneratedRegex(@"^[\p{L}\p{N}\-_.()（）]{1,64}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[\p{L}\p{N} _\-.@:/#·（）()]{1,100}$")]
    private static partial Regex ValuePattern();

    public async Task<DataResult> ReadAsync(string clientId, string datasetCode, string? purpose, DataQuery query, CancellationToken ct)
    {
        var client = await cache.ClientAsync(db, clientId, ct);
        var actor = new CurrentUser(clientId, clientId, clientId, [ClientRole], client?.DepartmentCode, AreaCodes.City, null);
        Grant? grant = null;
        var (result, subjects) = await EvaluateAsync();
        var refusal = result.Refusal;
        await ledger.AppendAsync(actor, new AuditRecord(
            refusal is null ? ReadAction : RefusedAction,
            datasetCode.Length > 80 ? datasetCode[..80] : datasetCode,
            query.Describe(),
            Purpose: purpose,
            LegalBasis: grant is null ? null : $"{grant.LegalBasisKind}: {grant.LegalBasis}",
            Details: refusal is null
                ? $"grant={grant!.Id}; records={result.Page!.Items.Count}"
                : $"grant={(grant?.Id.ToString(CultureInfo.InvariantCulture) ?? "none")}; status={refusal.Status}; {refusal.Detail}",
            Subjects: subjects), CancellationToken.None);
        return result;

        async Task<(DataResult, IReadOnlyList<string>?)> EvaluateAsync()
        {
            if (client is null || client.Disabled)
            {
                return (Refuse(403, "Client disabled", "The client is disabled or not registered for the data API."), null);
            }

            var dataset = await cache.DatasetAsync(db, datasetCode, ct);
            if (dataset is null)
            {
                return (Refuse(404, "Not found", $"There is no dataset '{datasetCode}' in the catalogue.", "dataset"), null);
            }

            if (string.IsNullOrWhiteSpace(purpose))
            {
                return (Refuse(400, "Purpose missing", "State the purpose of the call in the X-Purpose header; it must be the purpose code of your grant.", "X-Purpose"), null);
            }

            var input = ValidateInput(dataset, query);
            if (input is not null)
            {
                return (input, null);
            }

            var all = (await cache.GrantsAsync(db, client.DepartmentCode, dataset.Code, ct)).Where(g => g.AllowsClient(clientId)).ToList();
            if (all.Count == 0)
            {
                return (Refuse(403, "No grant", $"Department {client.DepartmentCode} holds no grant on dataset {dataset.Code}."), null);
            }

            var forPurpose = all.Where(g => g.PurposeCode == purpose).ToList();
            if (forPurpose.Count == 0)
            {
                grant = all[0];
                return (Refuse(403, "Purpose not granted", $"No grant on {dataset.Code} covers purpose '{purpose}'. Granted purposes: {string.Join(", ", all.Select(g => g.PurposeCode).Distinct())}.", "X-Purpose"), null);
            }

            var now = clock.GetUtcNow();
            grant = forPurpose.FirstOrDefault(g => g.IsUsableAt(now));
            if (grant is null)
            {
                grant = forPurpose[^1];
                var why = grant.Status == GrantStatus.Revoked
                    ? $"Grant {grant.Id} was revoked at {grant.RevokedAt:O}."
                    : now < grant.ValidFrom ? $"Grant {grant.Id} starts at {grant.ValidFrom:O}." : $"Grant {grant.Id} expired at {grant.ValidTo:O}.";
                return (Refuse(403, "Grant not in force", why), null);
            }

            var granted = grant.FieldList;
            var beyond = (query.Fields ?? []).Concat(query.Filters.Keys).Where(f => !granted.Contains(f, StringComparer.Ordinal)).Distinct().ToList();
            if (beyond.Count > 0)
            {
                return (Refuse(403, "Field not granted", $"Field(s) {string.Join(", ", beyond)} are not in grant {grant.Id} (granted: {string.Join(", ", granted)}).", beyond[0]), null);
            }

            var wait = limiter.TryAcquire(grant.Id, grant.RateLimitPerMinute);
            if (wait is not null)
            {
                return (Refuse(429, "Rate limit", $"Grant {grant.Id} allows {grant.RateLimitPerMinute} calls per minute.", RetryAfter: wait), null);
            }

            var output = query.Fields is { Count: > 0 } ? query.Fields : granted;
            var fetched = await FetchAsync(dataset, grant, query, output, ct);
            if (fetched.Refusal is not null)
            {
                return (new DataResult(null, fetched.Refusal), null);
            }

            var rows = fetched.Rows!;
            if (grant.LegalBasisKind == LegalBasisKind.Consent)
            {
                // A row about persons is returned only when every one of them has consented.
                var ids = rows.SelectMany(r => r.Subjects).Distinct(StringComparer.Ordinal).ToList();
                var consented = ids.Count == 0 ? [] : await consent.WithConsentAsync(ids, grant.GranteeDepartmentCode, grant.PurposeCode, ct);
                rows = rows.Where(r => r.Subjects.All(consented.Contains)).ToList();
            }

            var subjectIds = rows.SelectMany(r => r.Subjects).Distinct(StringComparer.Ordinal).ToList();
            if (query.Key is not null && rows.Count == 0)
            {
                return (Refuse(404, "Not found", $"No record '{query.Key}' in {dataset.Code} within grant {grant.Id}."), null);
            }

            var clear = grant.ClearFieldList;
            var items = rows.Select(r => Project(dataset, r.Values, output, clear)).ToList();
            return (new DataResult(new DataPage(dataset.Code, grant.Id, query.Limit, query.Offset, fetched.HasMore, items), null), subjectIds);
        }
    }

    /// <summary>Records a call refused before any grant was looked at (malformed parameters).</summary>
    public async Task<DataResult> RecordRefusalAsync(string clientId, string datasetCode, string? purpose, string objectId, OneCity.Platform.Hosting.FieldErrors errors, CancellationToken ct)
    {
        var client = await cache.ClientAsync(db, clientId, ct);
        var actor = new CurrentUser(clientId, clientId, clientId, [ClientRole], client?.DepartmentCode, AreaCodes.City, null);
        var detail = string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
        await ledger.AppendAsync(actor, new AuditRecord(RefusedAction, datasetCode.Length > 80 ? datasetCode[..80] : datasetCode, objectId,
            Purpose: purpose, Details: $"grant=none; status=400; {detail}"), CancellationToken.None);
        return Refuse(400, "Invalid parameters", detail);
    }

    private static DataResult Refuse(int status, string title, string detail, string? field = null, TimeSpan? RetryAfter = null) =>
        new(null, new DataRefusal(status, title, detail, field, RetryAfter));

    private static DataResult? ValidateInput(DatasetInfo dataset, DataQuery query)
    {
        if (query.Key is not null && !KeyPattern().IsMatch(query.Key))
        {
            return Refuse(400, "Invalid key", "The key may hold only letters, digits, '-', '_', '.' and parentheses, at most 64 characters.", "key");
        }

        foreach (var name in (query.Fields ?? []).Concat(query.Filters.Keys))
        {
            if (dataset.Field(name) is null)
            {
                return Refuse(400, "Unknown field", $"'{Shorten(name)}' is not a field of {dataset.Code}.", Shorten(name));
            }
        }

        foreach (var (name, value) in query.Filters)
        {
            var rule = CheckValue(dataset.Field(name)!, value);
            if (rule is not null)
            {
                return Refuse(400, "Invalid filter value", $"{name}: {rule}.", name);
            }
        }

        return null;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] : s;

    /// <summary>Checks a filter value against the field's type; strings are limited to a safe character set.</summary>
    private static string? CheckValue(DatasetField field, string value) => field.Type switch
    {
        "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "must be an integer",
        "decimal" => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? null : "must be a decimal number",
        "boolean" => value is "true" or "false" ? null : "must be true or false",
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "must be a date yyyy-MM-dd",
        "datetime" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "must be an ISO 8601 instant",
        "geometry" => "geometry fields cannot be filtered",
        _ => ValuePattern().IsMatch(value) ? null : "may hold only letters, digits, spaces and - _ . @ : / # ( ), at most 100 characters",
    } ?? (value.Length > RecordValues.MaxFilterLength ? $"at most {RecordValues.MaxFilterLength} characters" : null);

    private static Dictionary<string, object?> Project(DatasetInfo dataset, Dictionary<string, object?> row, IReadOnlyList<string> fields, IReadOnlyList<string> clear)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var f in dataset.Fields)
        {
            if (!fields.Contains(f.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var value = row.GetValueOrDefault(f.Name);
            if (value is not null && f.PersonalClass != PersonalClass.None && !clear.Contains(f.Name, StringComparer.Ordinal))
            {
                value = Mask(f.MaskKind, Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            result[f.Name] = value;
        }

        return result;
    }

    public static string Mask(string? kind, string? value) => kind switch
    {
        "name" => Masking.Name(value),
        "idNumber" => Masking.IdNumber(value),
        "mobile" => Masking.Mobile(value),
        "address" => Masking.Address(value),
        "creditCode" => Masking.CreditCode(value),
        _ => Masking.Keep(value, 0, 0),
    };

    /// <summary>A record as read, with the person ids it is about (the ledger's subjects; the consent check's persons).</summary>
    private sealed record Row(Dictionary<string, object?> Values, IReadOnlyList<string> Subjects);

    private sealed record Fetched(List<Row>? Rows, bool HasMore, DataRefusal? Refusal);

    /// <param name="output">The fields the answer carries: only these personal registry fields are decrypted.</param>
    private async Task<Fetched> FetchAsync(DatasetInfo dataset, Grant grant, DataQuery query, IReadOnlyList<string> output, CancellationToken ct)
    {
        var scope = grant.RowScope;
        return dataset.Source switch
        {
            DatasetSource.PopulationRegistry => await PopulationAsync(scope, query, output, ct),
            DatasetSource.LegalEntityRegistry => await EntitiesAsync(scope, query, ct),
            DatasetSource.ELicenceRegistry => await LicencesAsync(scope, query, ct),
            DatasetSource.PropertyRegistry => await PropertiesAsync(scope, query, ct),
            DatasetSource.GeographyRegistry => await AreasAsync(scope, query, ct),
            DatasetSource.Stored => await StoredAsync(dataset, scope, query, ct),
            _ => new(null, false, new DataRefusal(422, "Not served", $"Datasets from {dataset.Source} are not served by the data API.")),
        };
    }

    private static Fetched Unsupported(string what, string filters, string name) =>
        new(null, false, new DataRefusal(400, "Filter not supported", $"{what} can be filtered by {filters}; not by {name} with this value.", name));

    private static DataRefusal? RegistryPaging(DataQuery query) =>
        query.Offset % query.Limit != 0 ? new DataRefusal(400, "Invalid offset", "For registry datasets offset must be a multiple of limit.", "offset") : null;

    private async Task<Fetched> PopulationAsync(string? scope, DataQuery query, IReadOnlyList<string> output, CancellationToken ct)
    {
        var ids = new List<string>();
        var hasMore = false;
        if (query.Key is not null)
        {
            ids.Add(query.Key.ToUpperInvariant());
        }
        else
        {
            if (RegistryPaging(query) is { } bad)
            {
                return new(null, false, bad);
            }

            string? term = null;
            string? area = null;
            foreach (var (name, value) in query.Filters)
            {
                switch (name)
                {
                    case "personId" or "idNumber" or "mobile":
                        term = value;
                        break;
                    case "residenceAreaCode" when value.Length is 6 or 9 or 12 && value.All(char.IsAsciiDigit):
                        area = value;
                        break;
                    default:
                        return new(null, false, new DataRefusal(400, "Filter not supported", $"Population records can be filtered by personId, idNumber, mobile or residenceAreaCode (6, 9 or 12 digits); not by {name} with this value.", name));
                }
            }

            var (items, total) = await registry.SearchPeopleAsync(term, area, scope ?? AreaCodes.City, (query.Offset / query.Limit) + 1, query.Limit, ct);
            ids.AddRange(items.Select(i => i.Id));
            hasMore = query.Offset + items.Count < total;
        }

        var rows = new List<Row>();
        // Only the personal fields the answer carries are decrypted; family links are not read (the data API does not serve them).
        var reveal = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in output)
        {
            if (RevealableFields.All.Contains(f))
            {
                reveal.Add(f);
            }
        }

        foreach (var p in await registry.GetValuesAsync(ids, reveal, ct))
        {
            if (scope is not null && !RegistryService.Covers(scope, p.HukouDistrictCode, p.ResidenceAreaCode))
            {
                continue;
            }

            rows.Add(new(new(StringComparer.Ordinal)
            {
                ["personId"] = p.Id,
                ["name"] = p.Name,
                ["idNumber"] = p.IdNumber,
                ["mobile"] = p.Mobile,
                ["address"] = p.Address,
                ["gender"] = p.Gender.ToString(),
                ["birthDate"] = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["hukouDistrictCode"] = p.HukouDistrictCode,
                ["residenceAreaCode"] = p.ResidenceAreaCode,
                ["maritalStatus"] = p.MaritalStatus.ToString(),
                ["status"] = p.Status.ToString(),
            }, [p.Id]));
        }

        return new(rows, hasMore, null);
    }

    private async Task<Fetched> EntitiesAsync(string? scope, DataQuery query, CancellationToken ct)
    {
        var views = new List<LegalEntityView>();
        var hasMore = false;
        if (query.Key is not null)
        {
            if (await registry.GetEntityAsync(query.Key.ToUpperInvariant(), ct) is { } e)
            {
                views.Add(e);
            }
        }
        else
        {
            if (RegistryPaging(query) is { } bad)
            {
                return new(null, false, bad);
            }

            string? term = null;
            var district = scope is { Length: 6 } ? scope : null;
            foreach (var (name, value) in query.Filters)
            {
                switch (name)
                {
                    case "creditCode" or "name":
                        term = value;
                        break;
                    case "districtCode":
                        district = value;
                        break;
                    default:
                        return new(null, false, new DataRefusal(400, "Filter not supported", $"Legal entities can be filtered by creditCode, name or districtCode; not by {name}.", name));
                }
            }

            var (items, total) = await registry.SearchEntitiesAsync(term, district, (query.Offset / query.Limit) + 1, query.Limit, ct);
            views.AddRange(items);
            hasMore = query.Offset + items.Count < total;
        }

        var rows = views.Where(e => scope is null || AreaCodes.Covers(scope, e.DistrictCode)).Select(e => new Row(new(StringComparer.Ordinal)
        {
            ["creditCode"] = e.CreditCode,
            ["name"] = e.Name,
            ["kind"] = e.Kind,
            ["legalRepresentativeId"] = e.LegalRepresentativeId,
            ["legalRepresentativeName"] = e.LegalRepresentativeName,
            ["districtCode"] = e.DistrictCode,
            ["address"] = e.Address,
            ["establishedOn"] = e.EstablishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["registeredCapital"] = e.RegisteredCapital,
            ["industry"] = e.Industry,
            ["status"] = e.Status,
        }, [e.LegalRepresentativeId])).ToList();
        return new(rows, hasMore, null);
    }

    private async Task<Fetched> LicencesAsync(string? scope, DataQuery query, CancellationToken ct)
    {
        var views = new List<ELicenceView>();
        var hasMore = false;
        if (query.Key is not null)
        {
            if (await registry.GetLicenceAsync(query.Key.ToUpperInvariant(), ct) is { } l && await HolderInScopeAsync(scope, l, ct))
            {
                views.Add(l);
            }
        }
        else
        {
            if (RegistryPaging(query) is { } bad)
            {
                return new(null, false, bad);
            }

            string? holder = null;
            string? type = null;
            ELicenceStatus? status = null;
            foreach (var (name, value) in query.Filters)
            {
                switch (name)
                {
                    case "holderId":
                        holder = value;
                        break;
                    case "typeCode" when ELicenceTypes.Find(value) is not null:
                        type = value;
                        break;
                    case "status" when Enum.TryParse<ELicenceStatus>(value, ignoreCase: true, out var s) && Enum.IsDefined(s) && !value.All(char.IsAsciiDigit):
                        status = s;
                        break;
                    default:
                        return Unsupported("E-licences", $"holderId, typeCode ({string.Join(", ", ELicenceTypes.All.Select(t => t.Code))}) or status (Valid, Revoked)", name);
                }
            }

            var (items, total) = await registry.SearchLicencesAsync(holder, type, status, scope ?? AreaCodes.City, (query.Offset / query.Limit) + 1, query.Limit, ct);
            views.AddRange(items);
            hasMore = query.Offset + items.Count < total;
        }

        var rows = views.Select(l => new Row(new(StringComparer.Ordinal)
        {
            ["id"] = l.Id,
            ["typeCode"] = l.Type,
            ["number"] = l.Number,
            ["holderKind"] = l.HolderKind,
            ["holderId"] = l.HolderId,
            ["issuerDepartmentCode"] = l.IssuerDepartmentCode,
            ["issuedOn"] = Date(l.IssuedOn),
            ["validUntil"] = l.ValidUntil is { } until ? Date(until) : null,
            ["status"] = l.Status,
        }, l.HolderKind == nameof(HolderKind.Person) ? [l.HolderId] : [])).ToList();
        return new(rows, hasMore, null);
    }

    /// <summary>Row scope of a licence: its holder, a person registered or living in the area or an entity registered there.</summary>
    private async Task<bool> HolderInScopeAsync(string? scope, ELicenceView l, CancellationToken ct)
    {
        if (scope is null)
        {
            return true;
        }

        if (l.HolderKind == nameof(HolderKind.Person))
        {
            return await registry.GetAreasAsync(l.HolderId, ct) is { } areas && RegistryService.Covers(scope, areas.Hukou, areas.Residence);
        }

        return await registry.GetEntityAsync(l.HolderId, ct) is { } e && AreaCodes.Covers(scope, e.DistrictCode);
    }

    private async Task<Fetched> PropertiesAsync(string? scope, DataQuery query, CancellationToken ct)
    {
        var views = new List<PropertyView>();
        var hasMore = false;
        if (query.Key is not null)
        {
            if (await registry.GetPropertyRecordAsync(query.Key, ct) is { } p && (scope is null || AreaCodes.Covers(scope, p.DistrictCode)))
            {
                views.Add(p);
            }
        }
        else
        {
            if (RegistryPaging(query) is { } bad)
            {
                return new(null, false, bad);
            }

            string? owner = null;
            string? district = null;
            foreach (var (name, value) in query.Filters)
            {
                switch (name)
                {
                    case "ownerIds" when value.Length <= 20 && !value.Contains(',', StringComparison.Ordinal):
                        owner = value.ToUpperInvariant();
                        break;
                    case "districtCode" when value.Length == 6 && value.All(char.IsAsciiDigit):
                        district = value;
                        break;
                    default:
                        return Unsupported("Properties", "ownerIds (one owner's person id or credit code: properties they own, alone or jointly) or districtCode (6 digits)", name);
                }
            }

            var (items, total) = await registry.SearchPropertyRecordsAsync(owner, district, scope ?? AreaCodes.City, (query.Offset / query.Limit) + 1, query.Limit, ct);
            views.AddRange(items);
            hasMore = query.Offset + items.Count < total;
        }

        var rows = views.Select(p => new Row(new(StringComparer.Ordinal)
        {
            ["certificateNumber"] = p.CertificateNumber,
            ["districtCode"] = p.DistrictCode,
            ["address"] = p.Address,
            ["floorAreaSqm"] = p.FloorAreaSqm,
            ["use"] = p.Use,
            ["registeredOn"] = Date(p.RegisteredOn),
            ["ownerIds"] = string.Join(',', p.Owners.Select(o => o.OwnerId)),
        }, p.Owners.Where(o => o.OwnerKind == nameof(HolderKind.Person)).Select(o => o.OwnerId).ToList())).ToList();
        return new(rows, hasMore, null);
    }

    private async Task<Fetched> AreasAsync(string? scope, DataQuery query, CancellationToken ct)
    {
        var views = new List<AreaView>();
        var hasMore = false;
        if (query.Key is not null)
        {
            if (await registry.GetAreaAsync(query.Key, ct) is { } a && (scope is null || AreaCodes.Covers(scope, a.Code)))
            {
                views.Add(a);
            }
        }
        else
        {
            if (RegistryPaging(query) is { } bad)
            {
                return new(null, false, bad);
            }

            AreaLevel? level = null;
            string? parent = null;
            foreach (var (name, value) in query.Filters)
            {
                switch (name)
                {
                    case "level" when Enum.TryParse<AreaLevel>(value, ignoreCase: true, out var l) && Enum.IsDefined(l) && !value.All(char.IsAsciiDigit):
                        level = l;
                        break;
                    case "parentCode" when value.Length is 6 or 9 or 12 && value.All(char.IsAsciiDigit):
                        parent = value;
                        break;
                    default:
                        return Unsupported("Areas", "level (city, district, subdistrict, neighbourhood, grid) or parentCode (6, 9 or 12 digits)", name);
                }
            }

            var (items, total) = await registry.SearchAreasAsync(level, parent, scope ?? AreaCodes.City, (query.Offset / query.Limit) + 1, query.Limit, ct);
            views.AddRange(items);
            hasMore = query.Offset + items.Count < total;
        }

        var rows = views.Select(a => new Row(new(StringComparer.Ordinal)
        {
            ["code"] = a.Code,
            ["nameZh"] = a.NameZh,
            ["nameEn"] = a.NameEn,
            ["level"] = a.Level.ToString().ToLowerInvariant(),
            ["parentCode"] = a.ParentCode,
            ["synthetic"] = a.Synthetic,
            ["geometry"] = a.GeometryJson is null ? null : JsonSerializer.Deserialize<JsonElement>(a.GeometryJson),
        }, [])).ToList();
        return new(rows, hasMore, null);
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Fetched> StoredAsync(DatasetInfo dataset, string? scope, DataQuery query, CancellationToken ct)
    {
        var q = db.Set<DatasetRecord>().AsNoTracking().Where(r => r.DatasetCode == dataset.Code);
        if (scope is not null)
        {
            q = q.Where(r => r.AreaCode != null && r.AreaCode.StartsWith(scope));
        }

        if (query.Key is not null)
        {
            var one = await q.Where(r => r.Key == query.Key).Select(r => r.Json).FirstOrDefaultAsync(ct);
            return new(one is null ? [] : [ToRow(Parse(one))], false, null);
        }

        // Filters are answered from the value index (datahub_record_values) in SQL: equality exactly as RecordValues defines it.
        foreach (var (name, value) in query.Filters)
        {
            var (text, number) = RecordValues.FilterKeys(value);
            var ids = db.Set<DatasetRecordValue>().Where(v => v.DatasetCode == dataset.Code && v.Field == name && (v.Value == text || v.Value == number)).Select(v => v.RecordId);
            q = q.Where(r => ids.Contains(r.Id));
        }

        var page = await q.OrderBy(r => r.Key).Skip(query.Offset).Take(query.Limit + 1).Select(r => r.Json).ToListAsync(ct);
        return new(page.Take(query.Limit).Select(j => ToRow(Parse(j))).ToList(), page.Count > query.Limit, null);

        Row ToRow(Dictionary<string, object?> values) => new(values, dataset.Fields.Where(f => PersonIdFields.Contains(f.Name))
            .Select(f => values.GetValueOrDefault(f.Name) as string).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    private static Dictionary<string, object?> Parse(string json)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number => p.Value.GetDecimal(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => p.Value.Clone(),
            };
        }

        return result;
    }
}
