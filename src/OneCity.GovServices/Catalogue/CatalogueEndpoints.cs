using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.GovServices.Bundles;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.GovServices.Catalogue;

internal sealed record ServiceSummary(string Code, string NameZh, string NameEn, string DepartmentLine, string DepartmentNameZh, string DepartmentNameEn,
    string Level, string Kind, int StatutoryDays, int PromisedDays, decimal Fee, IReadOnlyList<string> Channels, string? Output);

internal sealed record BundleSummary(string Code, int Version, string NameZh, string NameEn, string EventKind, string Applicant, string DescriptionZh,
    string DescriptionEn, int Steps, IReadOnlyList<string> Departments);

internal sealed record BundleDetail(string Code, int Version, DateTimeOffset? PublishedAt, BundleDefinition Definition, IReadOnlyList<ServiceSummary> Services);

/// <summary>The public catalogue: services (JSON, or JSON-LD following CPSV-AP / schema.org) and bundles.</summary>
internal static class CatalogueEndpoints
{
    public const string JsonLd = "application/ld+json";

    public static void MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").WithTags("GovServices: catalogue").AllowAnonymous();
        g.MapGet("/services", Services).WithSummary("Services (事项), filtered by department line, kind and text.");
        g.MapGet("/services/{code}", Service)
            .WithSummary("One service. With Accept: application/ld+json, a CPSV-AP PublicService / schema.org GovernmentService in JSON-LD.");
        g.MapGet("/bundles", Bundles).WithSummary("Bundles (一件事) an applicant can apply for.");
        g.MapGet("/bundles/{code}", Bundle).WithSummary("One bundle: its unified form, eligibility rules, step graph and services.");
    }

    public static ServiceSummary Summary(ServiceDefinition s)
    {
        var line = DepartmentLines.All.FirstOrDefault(l => l.Code == s.DepartmentLine);
        return new ServiceSummary(s.Code, s.NameZh, s.NameEn, s.DepartmentLine, line?.CityNameZh ?? s.DepartmentLine, line?.CityNameEn ?? s.DepartmentLine,
            s.Level.ToString(), s.Kind.ToString(), s.StatutoryDays, s.PromisedDays, s.Fee, s.Channels, s.Output);
    }

    private static async Task<Results<Ok<IReadOnlyList<ServiceSummary>>, ValidationProblem>> Services(string? department, string? kind, string? q, GovCatalogue catalogue, HttpContext http)
    {
        ServiceKind? k = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<ServiceKind>(kind, true, out var parsed) || int.TryParse(kind, out _))
            {
                return Problems.Invalid("kind", "one of " + string.Join(", ", Enum.GetNames<ServiceKind>()));
            }

            k = parsed;
        }

        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        var text = q?.Trim();
        IReadOnlyList<ServiceSummary> list = snapshot.Services.Values
            .Where(s => department is null || string.Equals(s.DepartmentLine, department.Replace("SH-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            .Where(s => k is null || s.Kind == k)
            .Where(s => string.IsNullOrEmpty(text) || s.NameZh.Contains(text, StringComparison.OrdinalIgnoreCase) || s.NameEn.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Code.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Code, StringComparer.Ordinal).Select(Summary).ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ServiceDefinition>, ContentHttpResult, ProblemHttpResult>> Service(string code, GovCatalogue catalogue, HttpContext http)
    {
        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        if (!snapshot.Services.TryGetValue(code, out var s))
        {
            return Problems.NotFound($"No service {code}.");
        }

        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Contains(JsonLd, StringComparison.OrdinalIgnoreCase))
        {
            var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
            return TypedResults.Content(ToJsonLd(s, baseUrl).ToJsonString(), JsonLd);
        }

        return TypedResults.Ok(s);
    }

    private static async Task<Ok<IReadOnlyList<BundleSummary>>> Bundles(GovCatalogue catalogue, HttpContext http)
    {
        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        IReadOnlyList<BundleSummary> list = snapshot.Bundles.Values.OrderBy(b => b.Definition.Code, StringComparer.Ordinal).Select(b => new BundleSummary(
            b.Definition.Code, b.Version, b.Definition.NameZh, b.Definition.NameEn, b.Definition.EventKind.ToString(), b.Definition.Applicant.ToString(),
            b.Definition.DescriptionZh, b.Definition.DescriptionEn, b.Definition.Steps.Count,
            b.Definition.Steps.Select(st => snapshot.Services[st.Service].DepartmentLine).Distinct().ToList())).ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<BundleDetail>, ProblemHttpResult>> Bundle(string code, GovCatalogue catalogue, HttpContext http)
    {
        var snapshot = await catalogue.GetAsync(http.RequestAborted);
        if (!snapshot.Bundles.TryGetValue(code, out var b))
        {
            return Problems.NotFound($"No bundle {code}.");
        }

        return TypedResults.Ok(new BundleDetail(code, b.Version, b.PublishedAt, b.Definition,
            b.Definition.Steps.Select(st => Summary(snapshot.Services[st.Service])).DistinctBy(x => x.Code).ToList()));
    }

    /// <summary>
    /// A service as CPSV-AP 3 (<c>cpsv:PublicService</c>) and schema.org <c>GovernmentService</c>: names in zh and en,
    /// the competent authority, requirements (materials as <c>cv:Evidence</c>), legal resource, cost, channels, time limits.
    /// </summary>
    public static JsonObject ToJsonLd(ServiceDefinition s, string baseUrl)
    {
        var line = DepartmentLines.All.FirstOrDefault(l => l.Code == s.DepartmentLine);
        var id = $"{baseUrl}/api/services/{Uri.EscapeDataString(s.Code)}";
        JsonArray Names(string zh, string en) => [new JsonObject { ["@value"] = zh, ["@language"] = "zh" }, new JsonObject { ["@value"] = en, ["@language"] = "en" }];
        var evidence = new JsonArray(s.Materials.Select(m => (JsonNode)new JsonObject
        {
            ["@type"] = "cv:Evidence",
            ["identifier"] = m.Code,
            ["name"] = Names(m.NameZh, m.NameEn),
            ["description"] = m.Source.ToString(),
        }).ToArray());
        return new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["@vocab"] = "https://schema.org/",
                ["cpsv"] = "http://purl.org/vocab/cpsv#",
                ["cv"] = "http://data.europa.eu/m8g/",
                ["dct"] = "http://purl.org/dc/terms/",
                ["identifier"] = "dct:identifier",
                ["hasCompetentAuthority"] = "cv:hasCompetentAuthority",
                ["hasInput"] = "cpsv:hasInput",
                ["hasLegalResource"] = "cv:hasLegalResource",
                ["processingTime"] = "cv:processingTime",
                ["hasChannel"] = "cv:hasChannel",
                ["hasCost"] = "cv:hasCost",
            },
            ["@id"] = id,
            ["@type"] = new JsonArray("GovernmentService", "cpsv:PublicService"),
            ["identifier"] = s.Code,
            ["name"] = Names(s.NameZh, s.NameEn),
            ["description"] = Names(s.ConditionsZh, s.ConditionsEn),
            ["serviceType"] = s.Kind.ToString(),
            ["provider"] = new JsonObject { ["@type"] = "GovernmentOrganization", ["identifier"] = "SH-" + s.DepartmentLine, ["name"] = Names(line?.CityNameZh ?? s.DepartmentLine, line?.CityNameEn ?? s.DepartmentLine) },
            ["hasCompetentAuthority"] = new JsonObject { ["@type"] = "cv:PublicOrganisation", ["identifier"] = "SH-" + s.DepartmentLine },
            ["areaServed"] = new JsonObject { ["@type"] = "AdministrativeArea", ["name"] = "上海市 Shanghai", ["identifier"] = AreaCodes.City },
            ["hasInput"] = evidence,
            ["hasLegalResource"] = new JsonObject { ["@type"] = "cv:LegalResource", ["name"] = s.LegalBasis },
            ["processingTime"] = $"P{s.PromisedDays}D",
            ["hasCost"] = new JsonObject { ["@type"] = "cv:Cost", ["value"] = s.Fee, ["currency"] = "CNY", ["description"] = s.FeeNoteZh },
            ["hasChannel"] = new JsonArray(s.Channels.Select(c => (JsonNode)new JsonObject { ["@type"] = "cv:Channel", ["identifier"] = c }).ToArray()),
            ["availableChannel"] = new JsonArray(s.Channels.Select(c => (JsonNode)new JsonObject { ["@type"] = "ServiceChannel", ["name"] = c }).ToArray()),
            ["termsOfService"] = $"法定时限 {s.StatutoryDays} 个工作日，承诺时限 {s.PromisedDays} 个工作日 / statutory {s.StatutoryDays}, promised {s.PromisedDays} working days",
        };
    }
}
