using System.Net;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Ckan;
using OneCity.DataHub.Ckan.Dcat;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.DataHub.Ckan;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Dcat;

public sealed class DcatCatalogTests(Apps apps)
{
    private const string Dcat = "http://www.w3.org/ns/dcat#";
    private const string Dct = "http://purl.org/dc/terms/";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    private const string Hydra = "http://www.w3.org/ns/hydra/core#";
    private const string Eu = "http://publications.europa.eu/resource/authority/";
    private static readonly string RdfType = $"<{RdfParsers.RdfNs}type>";

    /// <summary>Every page of the catalogue in one serialisation, following hydra:nextPage.</summary>
    private static async Task<HashSet<(string S, string P, string O)>> ReadAllAsync(HttpClient client, string path, string mediaType,
        Func<string, List<(string S, string P, string O)>> parse)
    {
        var triples = new HashSet<(string, string, string)>();
        string? next = path;
        var pages = 0;
        while (next is not null && pages++ < 100)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            var parsed = parse(await response.Content.ReadAsStringAsync());
            // Paging IRIs name the path they were served on; compare the graphs without it.
            var extension = path[path.IndexOf('.', StringComparison.Ordinal)..];
            triples.UnionWith(parsed.Select(t => (t.S.Replace(extension + "?page", "?page", StringComparison.Ordinal), t.P, t.O.Replace(extension + "?page", "?page", StringComparison.Ordinal))));
            next = parsed.Where(t => t.P == $"<{Hydra}nextPage>").Select(t => new Uri(t.O[1..^1]).PathAndQuery).FirstOrDefault();
        }

        return triples;
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheCatalogueServesPublishedDatasetsInThreeSerialisationsWithTheSameTriples(Db db)
    {
        var client = apps.Client(db);
        var seed = await CkanSeed.EnsureAsync(apps.Get(db));
        var baseUrl = client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var jsonld = await ReadAllAsync(client, "/catalog.jsonld", "application/ld+json", RdfParsers.JsonLd);
        var turtle = await ReadAllAsync(client, "/catalog.ttl", "text/turtle", RdfParsers.Turtle);
        var rdfxml = await ReadAllAsync(client, "/catalog.rdf", "application/rdf+xml", RdfParsers.RdfXml);
        Assert.Equal(jsonld.Order(), turtle.Order());
        Assert.Equal(jsonld.Order(), rdfxml.Order());
        var g = turtle;

        var catalog = $"<{baseUrl}/catalog>";
        Assert.Contains((catalog, RdfType, $"<{Dcat}Catalog>"), g);
        Assert.Contains((catalog, $"<{Dct}title>", "\"上海市公共数据开放目录\"@zh"), g);
        Assert.Contains((catalog, $"<{Dct}title>", "\"Shanghai Public Data Open Catalogue (OneCity)\"@en"), g);
        Assert.Contains((catalog, $"<{Dct}language>", $"<{Eu}language/ZHO>"), g);
        Assert.Contains(g, t => t.S == catalog && t.P == $"<{Dct}publisher>");
        Assert.Contains(g, t => t.S == catalog && t.P == "<http://xmlns.com/foaf/0.1/homepage>" && t.O.StartsWith($"<{baseUrl}/", StringComparison.Ordinal));

        var bus = $"<{baseUrl}/open/datasets/{seed.Bus}>";
        Assert.Contains((catalog, $"<{Dcat}dataset>", bus), g);
        Assert.Contains((bus, RdfType, $"<{Dcat}Dataset>"), g);
        Assert.Contains((bus, $"<{Dct}identifier>", $"\"{seed.Bus}\""), g);
        Assert.Contains((bus, $"<{Dct}title>", "\"公交站点\"@zh"), g);
        Assert.Contains((bus, $"<{Dct}title>", "\"Bus stops\"@en"), g);
        // Quotes, a line break and XML's special characters survive every serialisation.
        Assert.Contains((bus, $"<{Dct}description>", "\"全市公交站点位置，含\"站名\"与<线路>&换乘信息。\n第二行\"@zh"), g);
        Assert.Contains((bus, $"<{Dcat}keyword>", "\"公交\"@zh"), g);
        Assert.Contains((bus, $"<{Dcat}keyword>", "\"bus\"@en"), g);
        Assert.Contains((bus, $"<{Dcat}theme>", $"<{Eu}data-theme/TRAN>"), g);
        Assert.Contains((bus, $"<{Dct}accrualPeriodicity>", $"<{Eu}frequency/DAILY>"), g);
        Assert.Contains((bus, $"<{Dct}modified>", $"\"2026-03-04T08:00:00Z\"^^<{Xsd}dateTime>"), g);
        Assert.Contains((bus, $"<{Dct}issued>", $"\"2026-02-22T08:00:00Z\"^^<{Xsd}dateTime>"), g);
        Assert.Contains((bus, $"<{Dct}spatial>", "<http://sws.geonames.org/1796236/>"), g);
        Assert.Contains((bus, $"<{Dcat}landingPage>", bus), g);
        Assert.Contains((bus, $"<{Dct}accessRights>", $"<{Eu}access-right/PUBLIC>"), g);
        Assert.Contains((bus, $"<{Dcat}contactPoint>", "_:"), g);
        Assert.Contains(("_:", "<http://www.w3.org/2006/vcard/ns#fn>", "\"上海市交通委员会\"@zh"), g);
        var publisher = g.Single(t => t.S == bus && t.P == $"<{Dct}publisher>").O;
        Assert.Contains((publisher, RdfType, "<http://xmlns.com/foaf/0.1/Organization>"), g);
        Assert.Contains((publisher, "<http://xmlns.com/foaf/0.1/name>", "\"上海市交通委员会\"@zh"), g);

        var distributions = g.Where(t => t.S == bus && t.P == $"<{Dcat}distribution>").Select(t => t.O).ToList();
        Assert.Equal(3, distributions.Count);
        var geojson = $"<{baseUrl}/open/datasets/{seed.Bus}/download.geojson#distribution>";
        Assert.Contains(geojson, distributions);
        Assert.Contains((geojson, RdfType, $"<{Dcat}Distribution>"), g);
        Assert.Contains((geojson, $"<{Dcat}downloadURL>", $"<{baseUrl}/open/datasets/{seed.Bus}/download.geojson>"), g);
        Assert.Contains((geojson, $"<{Dcat}accessURL>", bus), g);
        Assert.Contains((geojson, $"<{Dct}format>", $"<{Eu}file-type/GEOJSON>"), g);
        Assert.Contains((geojson, $"<{Dcat}mediaType>", "<https://www.iana.org/assignments/media-types/application/geo+json>"), g);
        Assert.Contains((geojson, $"<{Dct}license>", "_:"), g);

        var air = $"<{baseUrl}/open/datasets/{seed.Air}>";
        Assert.Contains((air, $"<{Dct}accessRights>", $"<{Eu}access-right/RESTRICTED>"), g);
        Assert.Contains((air, $"<{Dct}accrualPeriodicity>", $"<{Eu}frequency/MONTHLY>"), g);
        Assert.DoesNotContain(g, t => t.S == air && t.P == $"<{Dct}spatial>");
        Assert.Equal(2, g.Count(t => t.S == air && t.P == $"<{Dcat}distribution>"));

        foreach (var hidden in new[] { seed.Draft, seed.Closed })
        {
            Assert.DoesNotContain(g, t => t.S.Contains(hidden, StringComparison.Ordinal) || t.O.Contains(hidden, StringComparison.Ordinal));
        }
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task CatalogNegotiatesItsSerialisation(Db db)
    {
        var client = apps.Client(db);
        await CkanSeed.EnsureAsync(apps.Get(db));
        foreach (var (accept, expected) in new[]
        {
            ((string?)null, "application/ld+json"),
            ("application/ld+json", "application/ld+json"),
            ("text/turtle", "text/turtle"),
            ("application/rdf+xml", "application/rdf+xml"),
            ("text/html;q=0.9, text/turtle;q=0.5, application/rdf+xml;q=0.8", "application/rdf+xml"),
            ("*/*", "application/ld+json"),
            ("image/png", "application/ld+json"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/catalog");
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Accept", response.Headers.Vary);
            var body = await response.Content.ReadAsStringAsync();
            var triples = expected switch
            {
                "text/turtle" => RdfParsers.Turtle(body),
                "application/rdf+xml" => RdfParsers.RdfXml(body),
                _ => RdfParsers.JsonLd(body),
            };
            Assert.Contains(triples, t => t.O == $"<{Dcat}Catalog>");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/catalog?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/catalog.ttl?page=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/catalog.rdf?page=100000")).StatusCode);
    }

    [Fact]
    public void LargeCataloguesArePagedWithHydra()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var datasets = Enumerable.Range(0, 250).Select(i => new Dataset
        {
            Code = $"PAGE-{i:D3}", TitleZh = $"数据集{i}", TitleEn = $"Dataset {i}", OwnerDepartmentCode = "SH-JT", SourceSystem = "x", KeyField = "id",
            OpenType = OpenType.Open, Published = true, MetadataUpdatedAt = t0.AddMinutes(i), Keywords = "a,b",
        });
        var snapshot = CkanSnapshot.Build(datasets, [new Department { Code = "SH-JT", NameZh = "上海市交通委员会", NameEn = "Shanghai Transport Commission", Level = AreaLevel.City, AreaCode = "310000", Line = "JT" }]);
        const string b = "https://data.example.sh.cn";

        var first = RdfParsers.Turtle(RdfWriter.Turtle(DcatCatalog.Build(snapshot, b, "/catalog.ttl", 1)!));
        Assert.Equal(100, first.Count(t => t.P == $"<{Dcat}dataset>"));
        Assert.Contains(($"<{b}/catalog.ttl?page=1>", $"<{Hydra}totalItems>", $"\"250\"^^<{Xsd}integer>"), first);
        Assert.Contains(($"<{b}/catalog.ttl?page=1>", $"<{Hydra}nextPage>", $"<{b}/catalog.ttl?page=2>"), first);
        Assert.Contains(($"<{b}/catalog.ttl?page=1>", $"<{Hydra}lastPage>", $"<{b}/catalog.ttl?page=3>"), first);
        Assert.DoesNotContain(first, t => t.P == $"<{Hydra}previousPage>");
        // Newest change first.
        Assert.Contains(first, t => t.S == $"<{b}/open/datasets/PAGE-249>");

        var last = RdfParsers.JsonLd(RdfWriter.JsonLd(DcatCatalog.Build(snapshot, b, "/catalog.ttl", 3)!));
        Assert.Equal(50, last.Count(t => t.P == $"<{Dcat}dataset>"));
        Assert.Contains(($"<{b}/catalog.ttl?page=3>", $"<{Hydra}previousPage>", $"<{b}/catalog.ttl?page=2>"), last);
        Assert.DoesNotContain(last, t => t.P == $"<{Hydra}nextPage>");
        Assert.Contains(last, t => t.S == $"<{b}/open/datasets/PAGE-000>");
        Assert.Null(DcatCatalog.Build(snapshot, b, "/catalog", 4));

        // An empty catalogue still has one page.
        Assert.NotNull(DcatCatalog.Build(CkanSnapshot.Empty, b, "/catalog", 1));
    }
}
