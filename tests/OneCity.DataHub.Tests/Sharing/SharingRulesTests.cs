using OneCity.DataHub.Sharing;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Tests.Sharing;

public sealed class SharingRulesTests
{
    private static CurrentUser User(string role, string department) =>
        new("u1", "u1", "u1", [role], department, AreaCodes.City, null);

    [Theory]
    // The big-data centre's stewards decide for every department; another department's steward only for their own.
    [InlineData(Roles.DataSteward, SharingService.CatalogueDepartment, "SH-GA", true)]
    [InlineData(Roles.DataSteward, "SH-GA", "SH-GA", true)]
    [InlineData(Roles.DataSteward, "SH-WJ", "SH-GA", false)]
    [InlineData(Roles.DepartmentAdministrator, "SH-GA", "SH-GA", true)]
    [InlineData(Roles.DepartmentAdministrator, SharingService.CatalogueDepartment, "SH-GA", false)]
    // Nobody else decides, however senior: an auditor watches, an administrator runs the system.
    [InlineData(Roles.Auditor, "SH-GA", "SH-GA", false)]
    [InlineData(Roles.SystemAdministrator, SharingService.CatalogueDepartment, "SH-GA", false)]
    [InlineData(Roles.DepartmentReviewer, "SH-GA", "SH-GA", false)]
    public void OnlyTheOwnersStewardsAdministratorsOrTheCentresStewardsDecide(string role, string department, string owner, bool decides) =>
        Assert.Equal(decides, SharingService.MayDecide(User(role, department), owner));

    [Theory]
    [InlineData(Roles.Auditor, "SH-GA", true)]
    [InlineData(Roles.SystemAdministrator, "SH-GA", true)]
    [InlineData(Roles.DataSteward, SharingService.CatalogueDepartment, true)]
    [InlineData(Roles.DataSteward, "SH-GA", false)]
    [InlineData(Roles.DepartmentAdministrator, "SH-GA", false)]
    public void OnlyAuditorsAdministratorsAndTheCentresStewardsSeeEveryDepartmentsRequests(string role, string department, bool seesAll) =>
        Assert.Equal(seesAll, SharingService.SeesAll(User(role, department)));

    [Theory]
    [InlineData("idNumber", "310101199001011234", "3101**********1234")]
    [InlineData("mobile", "13812345678", "138****5678")]
    public void PersonalFieldsAreMaskedByTheirKind(string kind, string value, string masked) =>
        Assert.Equal(masked, DataAccess.Mask(kind, value));

    [Fact]
    public void AFieldOfNoKnownKindIsHiddenWhole()
    {
        var masked = DataAccess.Mask("unknown", "secret");
        Assert.DoesNotContain("secret", masked, StringComparison.Ordinal);
        Assert.NotEmpty(masked);
    }

    [Fact]
    public void GrantDaysRunInBeijingTime()
    {
        // 2026-11-28 00:00 in Beijing is 2026-11-27 16:00 UTC; 15:59 UTC is still the 27th there.
        var day = new DateOnly(2026, 11, 28);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero), SharingService.StartOf(day));
        Assert.Equal(day, SharingService.DayOf(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(day.AddDays(-1), SharingService.DayOf(new DateTimeOffset(2026, 11, 27, 15, 59, 0, TimeSpan.Zero)));
    }
}
