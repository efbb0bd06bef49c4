using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using OneCity.DataHub.Catalogue;

namespace OneCity.DataHub.Ckan.Dcat;

/// <summary>The controlled vocabularies DCAT-AP asks for (EU Publications Office authority tables, IANA media types).</summary>
internal static class DcatVocabulary
{
    private const string Authority = "http://publications.europa.eu/resource/authority/";
    public const string AccessPublic = Authority + "access-right/PUBLIC";
    public const string AccessRestricted = Authority + "access-right/RESTRICTED";
    public const string LanguageZh = Authority + "language/ZHO";
    public const string LanguageEn = Authority + "language/ENG";

    /// <summary>GeoNames: Shanghai (the city as a whole), the place every spatial dataset covers.</summary>
    public const string ShanghaiGeoNames = "http://sws.geonames.org/1796236/";

    public static string Frequency(UpdateFrequency f) => Authority + "frequency/" + f switch
    {
        UpdateFrequency.RealTime => "UPDATE_CONT",
        UpdateFrequency.Daily => "DAILY",
        UpdateFrequency.Weekly => "WEEKLY",
        UpdateFrequency.Monthly => "MONTHLY",
        UpdateFrequency.Quarterly => "QUARTERLY",
        UpdateFrequency.Yearly => "ANNUAL",
        _ => "IRREG",
    };

    public static string FileType(string format) => Authority + "file-type/" + format.ToUpperInvariant();

    public static string MediaType(string mime) => "https://www.iana.org/assignments/media-types/" + mime;

    /// <summary>The EU data theme closest to the catalogue's theme (zh or en words); government and public sector otherwise.</summary>
    public static string Theme(string theme)
    {
        var t = theme.ToLowerInvariant();
        (string[] Words, string Code)[] map =
        [
            (["交通", "transport", "出行", "traffic"], "TRAN"),
            (["环境", "生态", "environment", "气象", "weather", "climate", "水务", "water"], "ENVI"),
            (["卫生", "健康", "医疗", "health"], "HEAL"),
            (["教育", "文化", "education", "culture", "sport", "体育"], "EDUC"),
            (["经济", "财政", "市场", "企业", "economy", "finance", "business", "信用"], "ECON"),
            (["社会", "民生", "就业", "社保", "social", "employment", "population", "人口"], "SOCI"),
            (["农业", "agricultur"], "AGRI"),
            (["能源", "energy"], "ENER"),
            (["司法", "安全", "公共安全", "justice", "safety", "legal", "应急"], "JUST"),
            (["城市", "规划", "地理", "建设", "住房", "regions", "cities", "urban", "planning", "housing", "geograph"], "REGI"),
            (["科技", "technology", "science"], "TECH"),
        ];
        var code = map.FirstOrDefault(m => m.Words.Any(w => t.Contains(w, StringComparison.Ordinal))).Code ?? "GOVE";
        return Authority + "data-theme/" + code;
    }
}

/// <summary>
/// The DCAT-AP catalogue at <c>/catalog</c> (content negotiation) and <c>/catalog.jsonld|.ttl|.rdf</c>.
/// Paged with <c>?page=</c> (1-based, <see cref="PageSize"/> datasets a page, newest change first), described by a
/// hydra:PagedCollection as CKAN's DCAT extension does, so harvesters can follow hydra:nextPage.
/// Public, non-personal reads: nothing goes to the audit ledger.
/// </summary>
internal static class DcatCatalog
{
    public const int PageSize = 100;

    private static readonly (string Extension, string MediaType)[] Formats =
    [
        ("jsonld", "application/ld+json"),
        ("ttl", "text/turtle"),
        ("rdf", "application/rdf+xml"),
    ];

    public static IEndpointRouteBuilder MapDcat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog", (HttpContext http, CkanIndex index, CancellationToken ct) => ServeAsync(http, index, Negotiate(http.Request), ct))
            .AllowAnonymous().ExcludeFromDescription();
        foreach (var (extension, mediaType) in Formats)
        {
            app.MapGet("/catalog." + extension, (HttpContext http, CkanIndex index, CancellationToken ct) => ServeAsync(http, index, mediaType, ct))
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>The best of our three media types by the Accept header's q-values; JSON-LD when nothing matches.</summary>
    internal static string Negotiate(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) || accepted.Count == 0)
        {
            return "application/ld+json";
        }

        string? best = null;
        var bestQ = 0.0;
        foreach (var a in accepted.OrderByDescending(a => a.Quality ?? 1.0))
        {
            var q = a.Quality ?? 1.0;
            var type = a.MediaType.Value?.ToLowerInvariant();
            var match = type switch
            {
                "application/ld+json" or "application/json" => "application/ld+json",
                "text/turtle" or "application/x-turtle" => "text/turtle",
                "application/rdf+xml" or "application/xml" or "text/xml" => "application/rdf+xml",
                "*/*" or "application/*" => "application/ld+json",
                "text/*" => "text/turtle",
                _ => null,
            };
            if (match is not null && q > bestQ)
            {
                best = match;
                bestQ = q;
            }
        }

        return best ?? "application/ld+json";
    }

    private static async Task<IResult> ServeAsync(HttpContext http, CkanIndex index, string mediaType, CancellationToken ct)
    {
        var page = 1;
        if (http.Request.Query.TryGetValue("page", out var raw) && raw.ToString().Length > 0
            && (!int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return OneCity.Platform.Hosting.Problems.Invalid("page", "page must be a positive integer.");
        }

        var snapshot = await index.GetAsync(ct);
        var nodes = Build(snapshot, CkanApi.BaseUrl(http.Request), http.Request.Path.Value ?? "/catalog", page);
        if (nodes is null)
        {
            return OneCity.Platform.Hosting.Problems.NotFound($"The catalogue has no page {page}.");
        }

        http.Response.Headers.Vary = "Accept";
        var body = mediaType switch
        {
            "text/turtle" => RdfWriter.Turtle(nodes),
            "application/rdf+xml" => RdfWriter.RdfXml(nodes),
            _ => RdfWriter.JsonLd(nodes),
        };
        return TypedResults.Text(body, mediaType + "; charset=utf-8");
    }

    /// <summary>The catalogue, one page of its datasets, and the paging description; null past the last page.</summary>
    internal static List<RdfNode>? Build(CkanSnapshot snapshot, string baseUrl, string path, int page)
    {
        var total = snapshot.Packages.Length;
        var lastPage = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (page > lastPage)
        {
            return null;
        }

        var catalogIri = baseUrl + "/catalog";
        var catalog = new RdfNode(catalogIri, "dcat:Catalog")
            .Add("dct:title", "上海市公共数据开放目录", "zh")
            .Add("dct:title", "Shanghai Public Data Open Catalogue (OneCity)", "en")
            .Add("dct:description", "上海市公共数据开放平台发布的无条件开放和有条件开放数据集。", "zh")
            .Add("dct:description", "Open and conditionally open datasets published on the Shanghai open-data portal.", "en")
            .Add("dct:publisher", new RdfNode(baseUrl + "/catalog#publisher", "foaf:Organization")
                .Add("foaf:name", "上海市大数据中心", "zh")
                .Add("foaf:name", "Shanghai Big Data Centre", "en"))
            .AddIri("foaf:homepage", baseUrl + "/open/datasets")
            .AddIri("dct:language", DcatVocabulary.LanguageZh)
            .AddIri("dct:language", DcatVocabulary.LanguageEn)
            .AddIri("dct:spatial", DcatVocabulary.ShanghaiGeoNames);
        if (snapshot.Packages.Length > 0)
        {
            catalog.Add("dct:modified", DateTime(snapshot.Packages.Max(p => p.Dataset.MetadataUpdatedAt)));
        }

        var datasets = snapshot.Packages.Skip((page - 1) * PageSize).Take(PageSize).Select(p => Dataset(p, baseUrl)).ToList();
        foreach (var d in datasets)
        {
            catalog.AddIri("dcat:dataset", d.Iri);
        }

        string PageIri(int n) => $"{baseUrl}{path}?page={n.ToString(CultureInfo.InvariantCulture)}";
        var paging = new RdfNode(PageIri(page), "hydra:PagedCollection")
            .Add("hydra:totalItems", new RdfLiteral(total.ToString(CultureInfo.InvariantCulture), datatype: "xsd:integer"))
            .Add("hydra:itemsPerPage", new RdfLiteral(PageSize.ToString(CultureInfo.InvariantCulture), datatype: "xsd:integer"))
            .AddIri("hydra:firstPage", PageIri(1))
            .AddIri("hydra:lastPage", PageIri(lastPage));
        if (page > 1)
        {
            paging.AddIri("hydra:previousPage", PageIri(page - 1));
        }

        if (page < lastPage)
        {
            paging.AddIri("hydra:nextPage", PageIri(page + 1));
        }

        return [catalog, .. datasets, paging];
    }

    private static RdfLiteral DateTime(DateTimeOffset t) =>
        new(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), datatype: "xsd:dateTime");

    private static RdfNode Dataset(CkanPackage p, string baseUrl)
    {
        var d = p.Dataset;
        var landing = CkanDicts.LandingPage(p, baseUrl);
        var node = new RdfNode(landing, "dcat:Dataset")
            .Add("dct:identifier", d.Code)
            .Add("dct:title", d.TitleZh, "zh")
            .Add("dct:title", d.TitleEn, "en")
            .Add("dct:description", d.DescriptionZh, "zh")
            .Add("dct:description", d.DescriptionEn, "en");
        foreach (var tag in p.Tags)
        {
            node.Add("dcat:keyword", tag, tag.Any(c => c > 0x2E80) ? "zh" : "en");
        }

        if (d.Theme.Length > 0)
        {
            node.AddIri("dcat:theme", DcatVocabulary.Theme(d.Theme));
        }

        var publisher = new RdfNode($"{baseUrl}/api/3/action/organization_show?id={Uri.EscapeDataString(p.Organisation.Name)}", "foaf:Organization")
            .Add("foaf:name", p.Organisation.TitleZh, "zh")
            .Add("foaf:name", p.Organisation.TitleEn, "en")
            .Add("dct:identifier", p.Organisation.Code);
        node.Add("dct:publisher", publisher)
            .Add("dct:issued", DateTime(d.PublishedAt ?? d.CreatedAt))
            .Add("dct:modified", DateTime(d.MetadataUpdatedAt))
            .AddIri("dct:accrualPeriodicity", DcatVocabulary.Frequency(d.UpdateFrequency))
            .Add("dcat:contactPoint", new RdfNode(null, "vcard:Organization")
                .Add("vcard:fn", p.Organisation.TitleZh, "zh")
                .Add("vcard:fn", p.Organisation.TitleEn, "en")
                .AddIri("vcard:hasURL", landing))
            .AddIri("dcat:landingPage", landing)
            .AddIri("dct:language", DcatVocabulary.LanguageZh)
            .AddIri("dct:accessRights", d.OpenType == OpenType.ConditionalOpen ? DcatVocabulary.AccessRestricted : DcatVocabulary.AccessPublic);
        if (d.Spatial)
        {
            node.AddIri("dct:spatial", DcatVocabulary.ShanghaiGeoNames);
        }

        foreach (var r in p.Resources)
        {
            var url = CkanDicts.DownloadUrl(p, r, baseUrl);
            var distribution = new RdfNode(url + "#distribution", "dcat:Distribution")
                .Add("dct:identifier", r.Id)
                .Add("dct:title", $"{d.TitleZh} ({r.Format})", "zh")
                .AddIri("dcat:accessURL", landing)
                .AddIri("dcat:downloadURL", url)
                .AddIri("dct:format", DcatVocabulary.FileType(r.Format))
                .AddIri("dcat:mediaType", DcatVocabulary.MediaType(r.MimeType))
                .Add("dct:modified", DateTime(d.DataUpdatedAt));
            if (d.Licence.Length > 0)
            {
                distribution.Add("dct:license", Uri.IsWellFormedUriString(d.Licence, UriKind.Absolute)
                    ? new RdfIri(d.Licence)
                    : new RdfNode(null, "dct:LicenseDocument").Add("rdfs:label", d.Licence));
            }

            node.Add("dcat:distribution", distribution);
        }

        return node;
    }
}
