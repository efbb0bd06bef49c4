using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Platform.Tests.Organisation;

public sealed class UserAdministrationRulesTests
{
    private static CurrentUser Actor(string role, string? department) => new("u1", "x", "x", [role], department, AreaCodes.City, null);

    [Theory]
    [InlineData("310000", true)]
    [InlineData("310101", true)]
    [InlineData("310101002", true)]
    [InlineData("310101002001", true)]
    [InlineData("310101002001-0042", true)]
    [InlineData("3101010020010042", false)]
    [InlineData("310101002001-42", false)]
    [InlineData("310101002-0042", false)]
    [InlineData("110101", false)]
    [InlineData("31010", false)]
    [InlineData("3101010", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void AreaCodesAreRecognised(string code, bool valid) => Assert.Equal(valid, UserAdministration.IsAreaCode(code));

    [Theory]
    [InlineData("clerk", true)]
    [InlineData("wang.min-2", true)]
    [InlineData("ab", false)]
    [InlineData("-lead", false)]
    [InlineData("王敏", false)]
    [InlineData("has space", false)]
    public void UserNamesAreChecked(string name, bool valid) => Assert.Equal(valid, UserAdministration.IsUserName(name));

    [Fact]
    public void GeneratedPasswordsMeetThePolicyAndDiffer()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => UserAdministration.GeneratePassword(10)).ToList();
        Assert.All(passwords, p =>
        {
            Assert.Equal(16, p.Length);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.Equal(24, UserAdministration.GeneratePassword(24).Length);
    }

    [Fact]
    public void ASystemAdministratorManagesEveryDepartment()
    {
        var admin = Actor(Roles.SystemAdministrator, "SH-DSJ");
        Assert.True(UserAdministration.MayManage(admin, "SH-MZ"));
        Assert.True(UserAdministration.MayManage(admin, null));
    }

    [Fact]
    public void ADepartmentAdministratorManagesOnlyTheirOwn()
    {
        var deptadmin = Actor(Roles.DepartmentAdministrator, "SH-MZ");
        Assert.True(UserAdministration.MayManage(deptadmin, "SH-MZ"));
        Assert.False(UserAdministration.MayManage(deptadmin, "310101-MZ"));
        Assert.False(UserAdministration.MayManage(deptadmin, null));
        Assert.False(UserAdministration.MayManage(Actor(Roles.Auditor, "SH-MZ"), "SH-MZ"));
        Assert.False(UserAdministration.IsUserAdministrator(Actor(Roles.DepartmentAdministrator, null)));
    }

    [Fact]
    public void AreasHaveNamesInBothLanguages()
    {
        Assert.Equal("Shanghai", OrganisationDirectory.Area(AreaCodes.City).En);
        Assert.Equal("黄浦区", OrganisationDirectory.Area("310101").Zh);
        Assert.Contains("南京东路街道", OrganisationDirectory.Area("310101002").Zh, StringComparison.Ordinal);
        Assert.Equal("999999", OrganisationDirectory.Area("999999").Zh);
    }
}
