using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.BundleAdmin;

internal sealed record BundleVersionView(int Version, string Status, string EditedBy, DateTimeOffset EditedAt, string? PublishedBy, DateTimeOffset? PublishedAt);

internal sealed record BundleVersionDetail(string Code, int Version, string Status, string EditedBy, DateTimeOffset EditedAt, string? PublishedBy, DateTimeOffset? PublishedAt,
    string DefinitionJson);

internal sealed record AdminBundleSummary(string Code, string NameZh, string NameEn, int NewestVersion, string NewestStatus, int? PublishedVersion,
    IReadOnlyList<BundleVersionView> Versions);

/// <summary>
/// Administrators edit bundles as data: a definition (JSON) is parsed and validated with every (path, rule)
/// problem reported, saved as a draft (the newest version while it is a draft, else a new version), and published,
/// which makes it the version applicants apply for; the published version it replaces is retired. Applications keep
/// the version they were submitted under. Saves and publications go to the audit ledger.
/// </summary>
internal sealed class BundleAdministration(GovServicesDbContext db, GovCatalogue catalogue, AuditLedger ledger, TimeProvider clock)
{
    public const int MaxDefinitionChars = 256 * 1024;

    public static readonly string[] Editors = [Roles.SystemAdministrator, Roles.DepartmentAdministrator];

    public async Task<IReadOnlyList<AdminBundleSummary>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Set<BundleVersionRow>().AsNoTracking().OrderBy(v => v.BundleCode).ThenByDescending(v => v.Version).ToListAsync(ct);
        return rows.GroupBy(v => v.BundleCode).Select(g =>
        {
            var newest = g.First();
            var (zh, en) = Names(newest.DefinitionJson);
            return new AdminBundleSummary(g.Key, zh, en, newest.Version, newest.Status.ToString(),
                g.Where(v => v.Status == BundleVersionStatus.Published).Select(v => (int?)v.Version).FirstOrDefault(), g.Select(View).ToList());
        }).ToList();
    }

    public async Task<IReadOnlyList<BundleVersionDetail>> VersionsAsync(string code, CancellationToken ct)
    {
        var rows = await db.Set<BundleVersionRow>().AsNoTracking().Where(v => v.BundleCode == code).OrderByDescending(v => v.Version).ToListAsync(ct);
        return rows.Select(Detail).ToList();
    }

    /// <summary>Parses and validates a definition; the problems are keyed by path (JSON errors carry line and position).</summary>
    public async Task<(BundleDefinition? Definition, Dictionary<string, string[]> Errors)> CheckAsync(string? code, string? json, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string path, string rule)
        {
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            list.Add(rule);
        }

        BundleDefinition? def = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            Add("definition", "required: the bundle definition as JSON");
        }
        else if (json.Length > MaxDefinitionChars)
        {
            Add("definition", $"at most {MaxDefinitionChars} characters");
        }
        else
        {
            try
            {
                def = JsonSerializer.Deserialize<BundleDefinition>(json, GovJson.Options);
                if (def is null)
                {
                    Add("definition", "a JSON object");
                }
            }
            catch (JsonException e)
            {
                var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "definition" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
                var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}: ") : "";
                Add(path, where + FirstSentence(e.Message));
            }
        }

        if (def is not null)
        {
            foreach (var (path, rule) in Shape(def))
            {
                Add(path, rule);
            }

            if (code is not null && def.Code != code)
            {
                Add("code", $"must be {code}, the bundle being edited");
            }

            if (errors.Count == 0)
            {
                var snapshot = await catalogue.GetAsync(ct);
                foreach (var (path, rule) in BundleValidator.Validate(def, snapshot.Services))
                {
                    Add(path, rule);
                }
            }
        }

        return (errors.Count == 0 ? def : null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    public async Task<(BundleVersionDetail? Saved, Refusal? Refusal)> SaveDraftAsync(CurrentUser user, string code, string? json, CancellationToken ct)
    {
        var (def, errors) = await CheckAsync(code, json, ct);
        if (def is null)
        {
            return (null, new Refusal(400, "Invalid bundle definition", "See errors.", errors));
        }

        var now = clock.GetUtcNow();
        var canonical = JsonSerializer.Serialize(def, GovJson.Options);
        var newest = await db.Set<BundleVersionRow>().Where(v => v.BundleCode == code).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        BundleVersionRow row;
        if (newest is { Status: BundleVersionStatus.Draft })
        {
            row = newest;
            row.DefinitionJson = canonical;
            row.EditedBy = user.UserName;
            row.EditedAt = now;
        }
        else
        {
            row = new BundleVersionRow
            {
                BundleCode = code, Version = (newest?.Version ?? 0) + 1, Status = BundleVersionStatus.Draft, DefinitionJson = canonical, EditedBy = user.UserName, EditedAt = now,
            };
            db.Add(row);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return (null, new Refusal(409, "Changed meanwhile", $"Someone else saved a version of {code} at the same time; reload and try again."));
        }

        await ledger.AppendAsync(user, new AuditRecord("govservices.bundle.draft", "govservices-bundle", $"{code}/v{row.Version.ToString(CultureInfo.InvariantCulture)}",
            Details: $"steps={def.Steps.Count}; fields={def.Fields.Count}; eligibility={def.Eligibility.Count}; new={(newest is null ? "bundle" : newest.Status == BundleVersionStatus.Draft ? "no" : "version")}"),
            CancellationToken.None);
        return (Detail(row), null);
    }

    public async Task<(BundleVersionDetail? Published, Refusal? Refusal)> PublishAsync(CurrentUser user, string code, int version, CancellationToken ct)
    {
        var rows = await db.Set<BundleVersionRow>().Where(v => v.BundleCode == code).ToListAsync(ct);
        var row = rows.FirstOrDefault(v => v.Version == version);
        if (row is null)
        {
            return (null, new Refusal(404, "Not found", $"No version {version} of bundle {code}."));
        }

        if (row.Status != BundleVersionStatus.Draft)
        {
            return (null, new Refusal(409, "Not a draft", $"Version {version} of {code} is {row.Status}; only a draft can be published."));
        }

        // The catalogue may have changed since the draft was saved: check again.
        var (def, errors) = await CheckAsync(code, row.DefinitionJson, ct);
        if (def is null)
        {
            return (null, new Refusal(400, "Invalid bundle definition", "See errors.", errors));
        }

        var now = clock.GetUtcNow();
        var retired = new List<int>();
        foreach (var older in rows.Where(v => v.Status == BundleVersionStatus.Published))
        {
            older.Status = BundleVersionStatus.Retired;
            retired.Add(older.Version);
        }

        row.Status = BundleVersionStatus.Published;
        row.PublishedBy = user.UserName;
        row.PublishedAt = now;
        await db.SaveChangesAsync(ct);
        await catalogue.ReloadAsync(CancellationToken.None);
        await ledger.AppendAsync(user, new AuditRecord("govservices.bundle.publish", "govservices-bundle", $"{code}/v{version.ToString(CultureInfo.InvariantCulture)}",
            Details: $"retired={string.Join(',', retired)}"), CancellationToken.None);
        return (Detail(row), null);
    }

    /// <summary>Required parts the validator takes for granted (System.Text.Json leaves missing members null).</summary>
    private static IEnumerable<(string Path, string Rule)> Shape(BundleDefinition d)
    {
        if (!Enum.IsDefined(d.EventKind))
        {
            yield return ("eventKind", "LifeEvent or BusinessEvent");
        }

        if (!Enum.IsDefined(d.Applicant))
        {
            yield return ("applicant", "Person or Company");
        }

        if (d.Fields is null)
        {
            yield return ("fields", "required (may be empty)");
        }

        if (d.Eligibility is null)
        {
            yield return ("eligibility", "required (may be empty)");
        }

        if (d.Steps is null)
        {
            yield return ("steps", "required: at least one step");
        }

        // BundleValidator builds the step graph keyed by id: duplicate or missing ids must be caught first.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (s, i) in (d.Steps ?? []).Select((s, i) => (s, i)))
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Id) || !ids.Add(s.Id))
            {
                yield return ($"steps[{i}].id", "unique and non-empty");
            }

            if (s is null || string.IsNullOrWhiteSpace(s.Service))
            {
                yield return ($"steps[{i}].service", "required");
            }
        }

        foreach (var (f, i) in (d.Fields ?? []).Select((f, i) => (f, i)))
        {
            if (f is null || string.IsNullOrWhiteSpace(f.LabelZh) || string.IsNullOrWhiteSpace(f.LabelEn))
            {
                yield return ($"fields[{i}].label", "labelZh and labelEn are required");
            }
            else if (!Enum.IsDefined(f.Type))
            {
                yield return ($"fields[{i}].type", "one of " + string.Join(", ", Enum.GetNames<FieldType>()));
            }
        }

        foreach (var (r, i) in (d.Eligibility ?? []).Select((r, i) => (r, i)))
        {
            if (r?.When is null)
            {
                yield return ($"eligibility[{i}].when", "required");
            }

            if (r is null || string.IsNullOrWhiteSpace(r.Code) || string.IsNullOrWhiteSpace(r.FailZh) || string.IsNullOrWhiteSpace(r.PassZh))
            {
                yield return ($"eligibility[{i}]", "code, passZh and failZh are required");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static (string Zh, string En) Names(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return (root.TryGetProperty("nameZh", out var zh) ? zh.GetString() ?? "" : "", root.TryGetProperty("nameEn", out var en) ? en.GetString() ?? "" : "");
    }

    private static BundleVersionView View(BundleVersionRow v) => new(v.Version, v.Status.ToString(), v.EditedBy, v.EditedAt, v.PublishedBy, v.PublishedAt);

    private static BundleVersionDetail Detail(BundleVersionRow v) => new(v.BundleCode, v.Version, v.Status.ToString(), v.EditedBy, v.EditedAt, v.PublishedBy, v.PublishedAt,
        JsonSerializer.Serialize(JsonSerializer.Deserialize<BundleDefinition>(v.DefinitionJson, GovJson.Options), GovJson.Indented));
}
