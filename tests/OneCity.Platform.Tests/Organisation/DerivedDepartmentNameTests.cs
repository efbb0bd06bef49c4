using OneCity.Platform.Organisation.Users;

namespace OneCity.Platform.Tests.Organisation;

public sealed class DerivedDepartmentNameTests
{
    [Fact]
    public void ACodeNamesItsCityOrDistrictDepartmentByTheLineAndUnknownCodesNameThemselves()
    {
        Assert.Equal(("上海市卫生健康委员会", "Shanghai Health Commission"), Name("SH-WJ"));
        var district = OrganisationDirectory.Derived("310101-WJ");
        Assert.StartsWith("黄浦区", district.Zh, StringComparison.Ordinal);
        Assert.Contains("Huangpu", district.En, StringComparison.Ordinal);
        Assert.Equal(("SH-NOPE", "SH-NOPE"), Name("SH-NOPE"));
        Assert.Equal(("999999-WJ", "999999-WJ"), Name("999999-WJ"));
        Assert.Equal(("plain", "plain"), Name("plain"));
    }

    private static (string Zh, string En) Name(string code) => (OrganisationDirectory.Derived(code).Zh, OrganisationDirectory.Derived(code).En);
}
