using System.Net;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.CatalogueApi;

public sealed class CataloguePageTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ThePortalIsPublicAndTheCatalogueIsForStaff(Db db)
    {
        var anonymous = apps.Client(db);
        var open = await anonymous.GetStringAsync("/open?q=toilets");
        Assert.Contains("SH-LH-public-toilets", open, StringComparison.Ordinal);
        var dataset = await anonymous.GetStringAsync("/open/datasets/SH-LH-public-toilets");
        Assert.Contains("download.csv", dataset, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/open/datasets/SH-GA-population")).StatusCode);
        var conditional = await anonymous.GetStringAsync("/open/datasets/SH-CG-cases");
        Assert.DoesNotContain("id=\"preview\"", conditional, StringComparison.Ordinal);

        var clerk = await apps.ClientAs(db, "clerk");
        var catalogue = await clerk.GetStringAsync("/workbench/datahub?department=SH-GA");
        Assert.Contains("SH-GA-population", catalogue, StringComparison.Ordinal);
        var detail = await clerk.GetStringAsync("/workbench/datahub/datasets/SH-GA-population");
        Assert.Contains("idNumber", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"publish\"", detail, StringComparison.Ordinal);
    }
}
