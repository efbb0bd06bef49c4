using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OneCity.DataHub.Ckan;

/// <summary>
/// CKAN's action API (<c>/api/3/action/{name}</c>), read-only: the envelope <c>{"help","success","result"}</c> and
/// CKAN's error bodies and status codes, so CKAN clients (ckanapi, harvesters) work unchanged.
/// Public, non-personal reads: nothing goes to the audit ledger.
/// </summary>
internal static class CkanApi
{
    public const int MaxRows = 1000;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private delegate IResult Action(Context c);

    private sealed record Context(CkanSnapshot Snapshot, IReadOnlyDictionary<string, string> Args, string Base, string Help);

    /// <summary>A bad parameter: CKAN's 409 "Validation Error" with the field and its message.</summary>
    private sealed class ValidationException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    private static readonly Dictionary<string, Action> Actions = new(StringComparer.Ordinal)
    {
        ["package_list"] = PackageList,
        ["package_show"] = PackageShow,
        ["package_search"] = PackageSearch,
        ["current_package_list_with_resources"] = CurrentPackageList,
        ["organization_list"] = OrganizationList,
        ["organization_show"] = OrganizationShow,
        ["resource_show"] = ResourceShow,
        ["status_show"] = StatusShow,
        ["help_show"] = HelpShow,
    };

    public static IEndpointRouteBuilder MapCkanActions(this IEndpointRouteBuilder app)
    {
        // CKAN answers both the versioned and the unversioned path; clients use either.
        foreach (var prefix in new[] { "/api/3/action", "/api/action" })
        {
            app.MapMethods(prefix + "/{action}", ["GET", "POST"], HandleAsync)
                .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> HandleAsync(string action, HttpContext http, CkanIndex index, CancellationToken ct)
    {
        var request = http.Request;
        var baseUrl = BaseUrl(request);
        var help = $"{baseUrl}/api/3/action/help_show?name={Uri.EscapeDataString(action)}";
        if (!Actions.TryGetValue(action, out var handler))
        {
            return Error(400, help, new Dictionary<string, object?> { ["__type"] = "Bad Request", ["message"] = $"Bad request - Action name not known: {action}" });
        }

        Dictionary<string, string> args;
        try
        {
            args = await ReadArgsAsync(request, ct);
        }
        catch (JsonException)
        {
            return Error(400, help, new Dictionary<string, object?> { ["__type"] = "Bad Request", ["message"] = "Bad request - JSON Error: could not parse the request body as a JSON object" });
        }

        var snapshot = await index.GetAsync(ct);
        try
        {
            return handler(new Context(snapshot, args, baseUrl, help));
        }
        catch (ValidationException e)
        {
            return Error(409, help, new Dictionary<string, object?> { ["__type"] = "Validation Error", [e.Field] = new[] { e.Message } });
        }
        catch (CkanSearchException e)
        {
            return Error(409, help, new Dictionary<string, object?> { ["__type"] = "Search Query Error", ["message"] = e.Message });
        }
        catch (NotFoundException)
        {
            return Error(404, help, new Dictionary<string, object?> { ["__type"] = "Not Found Error", ["message"] = "Not found" });
        }
    }

    private sealed class NotFoundException : Exception;

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>Query string, then (for POST) a JSON object body or a form, as CKAN accepts; non-string JSON values keep their JSON text.</summary>
    private static async Task<Dictionary<string, string>> ReadArgsAsync(HttpRequest request, CancellationToken ct)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            args[key] = value.ToString();
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return args;
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, value) in form)
            {
                args[key] = value.ToString();
            }

            return args;
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return args;
        }

        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("not an object");
        }

        foreach (var p in doc.RootElement.EnumerateObject())
        {
            args[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Null => "",
                _ => p.Value.GetRawText(),
            };
        }

        return args;
    }

    private static IResult Ok(Context c, object? result) =>
        Results.Json(new Dictionary<string, object?> { ["help"] = c.Help, ["success"] = true, ["result"] = result }, Json);

    private static IResult Error(int status, string help, Dictionary<string, object?> error) =>
        Results.Json(new Dictionary<string, object?> { ["help"] = help, ["success"] = false, ["error"] = error }, Json, statusCode: status);

    private static int Int(Context c, string name, int fallback, int min = 0)
    {
        if (!c.Args.TryGetValue(name, out var raw) || raw.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(raw.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new ValidationException(name, "Invalid integer");
        }

        if (value < min)
        {
            throw new ValidationException(name, min == 0 ? "Must be a natural number" : "Must be a postive integer");
        }

        return value;
    }

    private static bool Bool(Context c, string name, bool fallback)
    {
        if (!c.Args.TryGetValue(name, out var raw) || raw.Length == 0)
        {
            return fallback;
        }

        return raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ValidationException(name, "Value must be one of: true, false"),
        };
    }

    private static string Required(Context c, string name) =>
        c.Args.TryGetValue(name, out var v) && v.Trim().Length > 0 ? v.Trim() : throw new ValidationException(name, "Missing value");

    private static IResult PackageList(Context c)
    {
        var limit = Int(c, "limit", int.MaxValue);
        var offset = Int(c, "offset", 0);
        return Ok(c, c.Snapshot.Packages.Select(p => p.Name).Order(StringComparer.Ordinal).Skip(offset).Take(limit).ToList());
    }

    private static IResult PackageShow(Context c)
    {
        var id = Required(c, "id");
        var p = c.Snapshot.FindPackage(id) ?? throw new NotFoundException();
        return Ok(c, CkanDicts.Package(p, c.Base));
    }

    private static IResult CurrentPackageList(Context c)
    {
        var limit = Int(c, "limit", 10);
        var offset = Int(c, "offset", 0);
        if (c.Args.ContainsKey("page") && !c.Args.ContainsKey("offset"))
        {
            // CKAN's older paging: page is 1-based and pages are `limit` long.
            offset = (Int(c, "page", 1, min: 1) - 1) * limit;
        }

        return Ok(c, c.Snapshot.Packages.Skip(offset).Take(limit).Select(p => CkanDicts.Package(p, c.Base)).ToList());
    }

    private static IResult PackageSearch(Context c)
    {
        // Like CKAN (ckan.search.rows_max), rows above the maximum are capped rather than refused.
        var rows = Math.Min(Int(c, "rows", 10), MaxRows);
        var start = Int(c, "start", 0);
        var facetFields = new List<string>();
        if (c.Args.TryGetValue("facet.field", out var ff) && ff.Length > 0)
        {
            try
            {
                facetFields = JsonSerializer.Deserialize<List<string>>(ff) ?? [];
            }
            catch (JsonException)
            {
                throw new ValidationException("facet.field", "Invalid JSON list of field names");
            }

            if (facetFields.FirstOrDefault(f => !CkanSearch.FacetableFields.Contains(f)) is { } unknown)
            {
                throw new CkanSearchException($"Search Query is invalid: cannot facet on {unknown}");
            }
        }

        var facetLimit = c.Args.TryGetValue("facet.limit", out var fl) && int.TryParse(fl, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 50;
        var result = CkanSearch.Search(c.Snapshot, new CkanSearchRequest(
            c.Args.GetValueOrDefault("q"), c.Args.GetValueOrDefault("fq"), rows, start, c.Args.GetValueOrDefault("sort"), facetFields, facetLimit));
        var facets = result.Facets.ToDictionary(f => f.Key, f => (object)f.Value.ToDictionary(i => i.Name, i => i.Count));
        var searchFacets = result.Facets.ToDictionary(f => f.Key, f => (object)new Dictionary<string, object?>
        {
            ["title"] = f.Key,
            ["items"] = f.Value.Select(i => new Dictionary<string, object?> { ["name"] = i.Name, ["display_name"] = i.Display, ["count"] = i.Count }).ToList(),
        });
        return Ok(c, new Dictionary<string, object?>
        {
            ["count"] = result.Count,
            ["facets"] = facets,
            ["results"] = result.Results.Select(p => CkanDicts.Package(p, c.Base)).ToList(),
            ["sort"] = result.Sort,
            ["search_facets"] = searchFacets,
        });
    }

    private static IResult OrganizationList(Context c)
    {
        var allFields = Bool(c, "all_fields", false);
        var limit = Int(c, "limit", int.MaxValue);
        var offset = Int(c, "offset", 0);
        var sort = c.Args.GetValueOrDefault("sort") ?? "name asc";
        IEnumerable<CkanOrganisation> orgs = sort.Trim().ToLowerInvariant() switch
        {
            "name asc" or "name" or "" => c.Snapshot.Organisations.OrderBy(o => o.Name, StringComparer.Ordinal),
            "name desc" => c.Snapshot.Organisations.OrderByDescending(o => o.Name, StringComparer.Ordinal),
            "title asc" or "title" => c.Snapshot.Organisations.OrderBy(o => o.Title, StringComparer.Ordinal),
            "title desc" => c.Snapshot.Organisations.OrderByDescending(o => o.Title, StringComparer.Ordinal),
            "package_count desc" => c.Snapshot.Organisations.OrderByDescending(o => Count(c, o)).ThenBy(o => o.Name, StringComparer.Ordinal),
            "package_count asc" or "package_count" => c.Snapshot.Organisations.OrderBy(o => Count(c, o)).ThenBy(o => o.Name, StringComparer.Ordinal),
            _ => throw new ValidationException("sort", "Invalid sort: use name, title or package_count with asc or desc"),
        };
        orgs = orgs.Skip(offset).Take(limit);
        return Ok(c, allFields ? orgs.Select(o => (object)CkanDicts.Organisation(o, Count(c, o), c.Base)).ToList() : orgs.Select(o => (object)o.Name).ToList());
    }

    private static int Count(Context c, CkanOrganisation o) => c.Snapshot.PackagesByOrganisation.TryGetValue(o.Name, out var list) ? list.Length : 0;

    private static IResult OrganizationShow(Context c)
    {
        var id = Required(c, "id");
        var org = c.Snapshot.OrganisationsByKey.GetValueOrDefault(id) ?? throw new NotFoundException();
        var dict = CkanDicts.Organisation(org, Count(c, org), c.Base);
        if (Bool(c, "include_datasets", false))
        {
            var packages = c.Snapshot.PackagesByOrganisation.GetValueOrDefault(org.Name) ?? [];
            dict["packages"] = packages.Take(MaxRows).Select(p => CkanDicts.Package(p, c.Base)).ToList();
        }

        dict["users"] = Array.Empty<object>();
        dict["extras"] = Array.Empty<object>();
        dict["groups"] = Array.Empty<object>();
        dict["tags"] = Array.Empty<object>();
        return Ok(c, dict);
    }

    private static IResult ResourceShow(Context c)
    {
        var id = Required(c, "id");
        if (!c.Snapshot.ResourcesById.TryGetValue(id, out var hit))
        {
            throw new NotFoundException();
        }

        return Ok(c, CkanDicts.Resource(hit.Package, hit.Resource, c.Base));
    }

    private static IResult StatusShow(Context c) => Ok(c, new Dictionary<string, object?>
    {
        ["site_title"] = "OneCity 上海公共数据开放 / Shanghai Open Data",
        ["site_url"] = c.Base,
        ["site_description"] = "CKAN-compatible read-only action API of the OneCity open-data portal",
        ["ckan_version"] = "2.10.4",
        ["error_emails_to"] = null,
        ["locale_default"] = "zh_Hans_CN",
        ["extensions"] = new[] { "dcat" },
    });

    private static IResult HelpShow(Context c)
    {
        var name = Required(c, "name");
        return Actions.ContainsKey(name)
            ? Ok(c, $"{name}: the CKAN action of that name, read-only, over the published open datasets. See https://docs.ckan.org/en/latest/api/")
            : throw new NotFoundException();
    }
}
