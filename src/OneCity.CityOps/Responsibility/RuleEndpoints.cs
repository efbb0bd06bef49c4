using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.CityOps.Responsibility;

internal sealed record RuleInput(string? CategoryCode, string? AreaCode, string? Level, string? Line, string? UnitCode, IReadOnlyList<string>? CoLines, string? Note);

internal sealed record RuleView(long Id, string CategoryCode, string CategoryPath, string AreaCode, string AreaName, string Level, string? Line, string? UnitCode, IReadOnlyList<string> CoLines, string? Note, bool Active, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The responsibility list: loaded from the demo file once, then edited by administrators; every change reloads the router.</summary>
internal sealed class RuleAdministration(CityOpsDbContext db, Router router, CategoryTree categories, OrganisationDirectory directory, AuditLedger ledger, TimeProvider clock)
{
    public async Task ReloadAsync(CancellationToken ct)
    {
        var rules = await db.Set<ResponsibilityRule>().AsNoTracking().ToListAsync(ct);
        var departments = (await directory.DepartmentsAsync(ct)).ToDictionary(d => d.Code, StringComparer.Ordinal);
        router.Load(rules, departments);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<ResponsibilityRule>().AnyAsync(ct))
        {
            return;
        }

        using var doc = JsonDocument.Parse(CategoryTree.ReadResource("rules.json"));
        var now = clock.GetUtcNow();
        foreach (var r in doc.RootElement.GetProperty("rules").EnumerateArray())
        {
            db.Add(new ResponsibilityRule
            {
                CategoryCode = r.GetProperty("category").GetString()!,
                AreaCode = r.GetProperty("area").GetString()!,
                UnitLevel = ParseLevel(r.GetProperty("level").GetString()) ?? AreaLevel.District,
                UnitLine = r.GetProperty("line").GetString(),
                CoUnitLines = r.TryGetProperty("co", out var co) ? string.Join(',', co.EnumerateArray().Select(x => x.GetString())) : null,
                Note = r.TryGetProperty("note", out var note) ? note.GetString() : null,
                UpdatedAt = now,
                UpdatedBy = "demo",
            });
        }

        await db.SaveChangesAsync(ct);
    }

    public static AreaLevel? ParseLevel(string? level) => level switch
    {
        "city" => AreaLevel.City,
        "district" => AreaLevel.District,
        "subdistrict" => AreaLevel.Subdistrict,
        _ => null,
    };

    public RuleView View(ResponsibilityRule r) => new(r.Id, r.CategoryCode, categories.Path(r.CategoryCode), r.AreaCode, OrganisationDirectory.Area(r.AreaCode).Zh,
        r.UnitLevel.ToString().ToLowerInvariant(), r.UnitLine, r.UnitCode, r.CoLines, r.Note, r.Active, r.UpdatedAt, r.UpdatedBy);

    public async Task<IReadOnlyList<RuleView>> ListAsync(CancellationToken ct) =>
        (await db.Set<ResponsibilityRule>().AsNoTracking().OrderBy(r => r.CategoryCode).ThenBy(r => r.AreaCode).ToListAsync(ct)).Select(View).ToList();

    public FieldErrors Validate(RuleInput input)
    {
        var errors = new FieldErrors();
        if (categories.Find(input.CategoryCode) is null)
        {
            errors.Add("categoryCode", "must be a category code (GET /api/cityops/categories)");
        }

        if (input.AreaCode is null || (input.AreaCode != AreaCodes.City && OrganisationDirectory.Area(input.AreaCode).Zh == input.AreaCode))
        {
            errors.Add("areaCode", "must be 310000, a district or a subdistrict code of the city");
        }

        var level = ParseLevel(input.Level);
        if (input.UnitCode is null)
        {
            if (level is null)
            {
                errors.Add("level", "city, district or subdistrict (or give unitCode)");
            }

            if (string.IsNullOrWhiteSpace(input.Line) || !(input.Line == DepartmentLines.SubdistrictOffice || DepartmentLines.All.Any(l => l.Code == input.Line)))
            {
                errors.Add("line", "a department line code (" + string.Join(", ", DepartmentLines.All.Select(l => l.Code)) + $", or {DepartmentLines.SubdistrictOffice} for subdistrict offices)");
            }
        }
        else if (!router.UnitExists(input.UnitCode))
        {
            errors.Add("unitCode", "must be an existing department code");
        }

        if (input.CoLines?.FirstOrDefault(l => !DepartmentLines.All.Any(x => x.Code == l)) is { } bad)
        {
            errors.Add("coLines", $"{bad} is not a department line code");
        }

        if (input.Note is { Length: > 500 })
        {
            errors.Add("note", "at most 500 characters");
        }

        return errors;
    }

    public async Task<(RuleView? View, FieldErrors Errors, bool Found)> SaveAsync(CurrentUser actor, long? id, RuleInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        if (errors.Any)
        {
            return (null, errors, true);
        }

        ResponsibilityRule? rule;
        if (id is { } existing)
        {
            rule = await db.Set<ResponsibilityRule>().FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (rule is null)
            {
                return (null, errors, false);
            }
        }
        else
        {
            rule = new ResponsibilityRule { CategoryCode = input.CategoryCode!, AreaCode = input.AreaCode!, UpdatedBy = actor.UserName };
            db.Add(rule);
        }

        rule.CategoryCode = input.CategoryCode!;
        rule.AreaCode = input.AreaCode!;
        rule.UnitLevel = ParseLevel(input.Level) ?? AreaLevel.City;
        rule.UnitLine = input.UnitCode is null ? input.Line : null;
        rule.UnitCode = input.UnitCode;
        rule.CoUnitLines = input.CoLines is { Count: > 0 } co ? string.Join(',', co.Distinct()) : null;
        rule.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        rule.Active = true;
        rule.UpdatedAt = clock.GetUtcNow();
        rule.UpdatedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord(id is null ? "cityops.rule-created" : "cityops.rule-changed", "responsibility-rule", rule.Id.ToString(CultureInfo.InvariantCulture),
            Details: $"{rule.CategoryCode} × {rule.AreaCode} → {rule.UnitCode ?? $"{rule.UnitLevel}:{rule.UnitLine}"}"), ct);
        await ReloadAsync(ct);
        return (View(rule), errors, true);
    }

    public async Task<RuleView?> DeactivateAsync(CurrentUser actor, long id, CancellationToken ct)
    {
        var rule = await db.Set<ResponsibilityRule>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return null;
        }

        rule.Active = false;
        rule.UpdatedAt = clock.GetUtcNow();
        rule.UpdatedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord("cityops.rule-deactivated", "responsibility-rule", id.ToString(CultureInfo.InvariantCulture)), ct);
        await ReloadAsync(ct);
        return View(rule);
    }

    /// <summary>Conflicts and gaps, checked for every district (and one subdistrict of each, for subdistrict-level rules).</summary>
    public RuleCheck Check()
    {
        var samples = ShanghaiDistricts.All.Select(d => (d.Code, (string?)DemoSubdistricts.FirstOf(d.Code))).ToList();
        return router.Check(samples);
    }
}

internal static class DemoSubdistricts
{
    private static readonly Lazy<Dictionary<string, string>> First = new(() =>
        OneCity.Platform.Organisation.DemoFiles.ReadCsv("shanghai_subdistricts.csv").GroupBy(r => r[2]).ToDictionary(g => g.Key, g => g.Min(r => r[0])!, StringComparer.Ordinal));

    public static string? FirstOf(string district) => First.Value.GetValueOrDefault(district);
}

internal static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/cityops/rules").WithTags("CityOps: responsibility list");
        g.MapGet("", async (RuleAdministration admin, HttpContext h) => TypedResults.Ok(await admin.ListAsync(h.RequestAborted)))
            .RequireAuthorization(Policies.Staff).WithSummary("The responsibility list (权责清单): category × area → unit level and line (or a fixed unit), co-units, note.");
        g.MapGet("/check", (RuleAdministration admin) => TypedResults.Ok(admin.Check()))
            .RequireAuthorization(Policies.Staff).WithSummary("Conflicting rules (same category and area, different units) and gaps (leaf categories some district cannot route).");
        g.MapPost("", Create).RequireAuthorization(Policies.Administrator).WithSummary("Add a rule: {categoryCode, areaCode, level, line | unitCode, coLines?, note?}.");
        g.MapPut("/{id:long}", Update).RequireAuthorization(Policies.Administrator).WithSummary("Change a rule.");
        g.MapDelete("/{id:long}", Deactivate).RequireAuthorization(Policies.Administrator).WithSummary("Deactivate a rule (kept for the routing history that cites it).");
    }

    private static async Task<Results<Created<RuleView>, ValidationProblem>> Create(RuleInput? input, RuleAdministration admin, HttpContext h)
    {
        if (input is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (view, errors, _) = await admin.SaveAsync(CurrentUser.From(h.User), null, input, h.RequestAborted);
        return view is null ? errors.ToProblem() : TypedResults.Created($"/api/cityops/rules/{view.Id}", view);
    }

    private static async Task<Results<Ok<RuleView>, ValidationProblem, ProblemHttpResult>> Update(long id, RuleInput? input, RuleAdministration admin, HttpContext h)
    {
        if (input is null)
        {
            return Problems.Invalid("body", "required");
        }

        var (view, errors, found) = await admin.SaveAsync(CurrentUser.From(h.User), id, input, h.RequestAborted);
        return !found ? Problems.NotFound($"No rule {id}.") : view is null ? errors.ToProblem() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<RuleView>, ProblemHttpResult>> Deactivate(long id, RuleAdministration admin, HttpContext h) =>
        await admin.DeactivateAsync(CurrentUser.From(h.User), id, h.RequestAborted) is { } view ? TypedResults.Ok(view) : Problems.NotFound($"No rule {id}.");
}
