using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Hosting;

namespace OneCity.Platform.Organisation;

/// <summary>The demo city's accounts: one or more per role, all with <see cref="PlatformStartup.DemoPassword"/>.</summary>
internal static class DemoOrganisation
{
    private sealed record Spec(string UserName, string Role, string DisplayName, string Department, string Jurisdiction);

    private static readonly Spec[] Specs =
    [
        new("admin", Roles.SystemAdministrator, "系统管理员 王敏", "SH-DSJ", AreaCodes.City),
        new("auditor", Roles.Auditor, "审计员 李静", "SH-DSJ", AreaCodes.City),
        new("dispatcher", Roles.Dispatcher, "值班员 陈刚", "SH-CY", AreaCodes.City),
        new("commander", Roles.Commander, "指挥长 赵强", "SH-CY", AreaCodes.City),
        new("citizen", Roles.Citizen, "市民 张伟", "", AreaCodes.City),
        new("company", Roles.CompanyRepresentative, "企业代表 刘洋", "", AreaCodes.City),
        new("clerk", Roles.CounterClerk, "窗口 周丽", "310101-XZFW", "310101"),
        new("reviewer", Roles.DepartmentReviewer, "审核 吴军", "310101-MZ", "310101"),

        // Reviewers of the departments the newborn bundle (出生一件事) reaches for a Huangpu family.
        new("reviewer-wj", Roles.DepartmentReviewer, "审核 钱芳", "310101-WJ", "310101"),
        new("reviewer-ga", Roles.DepartmentReviewer, "审核 冯涛", "310101-GA", "310101"),
        new("reviewer-yb", Roles.DepartmentReviewer, "审核 褚琳", "310101-YB", "310101"),
        new("reviewer-rs", Roles.DepartmentReviewer, "审核 卫东", "SH-RS", AreaCodes.City),
        new("deptadmin", Roles.DepartmentAdministrator, "部门管理员 郑华", "SH-MZ", AreaCodes.City),
        new("inspector", Roles.GridInspector, "网格员 孙杰", "310101002-BSC", "310101002"),
        new("steward", Roles.DataSteward, "数据管理员 何芳", "SH-DSJ", AreaCodes.City),

        // CityOps: a district dispatcher and staff of two units that handle work orders in Huangpu.
        new("dispatcher-hp", Roles.Dispatcher, "值班员 黄浦 林峰", "310101-CY", "310101"),
        new("unit-zj", Roles.DepartmentReviewer, "处置 黄浦建管 王磊", "310101-ZJ", "310101"),
        new("unit-bsc", Roles.DepartmentReviewer, "处置 南京东路街道 李梅", "310101002-BSC", "310101002"),
    ];

    public static IReadOnlyList<DemoAccount> Accounts { get; } = Specs
        .Select(s => new DemoAccount(s.UserName, s.Role, Roles.Find(s.Role)!.NameZh, PlatformStartup.DemoPassword))
        .ToList();

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<PlatformRole>>();
        foreach (var r in Roles.All)
        {
            if (!await roles.RoleExistsAsync(r.Name))
            {
                await roles.CreateAsync(new PlatformRole(r.Name));
            }
        }
    }

    public static async Task CreateDemoUsersAsync(IServiceProvider services, CancellationToken ct)
    {
        await EnsureRolesAsync(services);
        var users = services.GetRequiredService<UserManager<PlatformUser>>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var s in Specs)
        {
            if (await users.FindByNameAsync(s.UserName) is not null)
            {
                continue;
            }

            var user = new PlatformUser
            {
                UserName = s.UserName,
                DisplayName = s.DisplayName,
                DepartmentCode = s.Department.Length == 0 ? null : s.Department,
                JurisdictionCode = s.Jurisdiction,
                PersonId = s.Role == Roles.Citizen ? Registries.DemoResidents.CitizenPersonId
                    : s.Role == Roles.CompanyRepresentative ? Registries.DemoResidents.CompanyRepresentativePersonId : null,
                CreatedAt = clock.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, PlatformStartup.DemoPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {s.UserName}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, s.Role);
        }

        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>Reads the embedded demo files (see DemoData/SOURCE.md).</summary>
public static class DemoFiles
{
    public static Stream Open(string fileName)
    {
        var asm = typeof(DemoFiles).Assembly;
        var name = asm.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal) || n.EndsWith(fileName.Replace('/', '.').Replace('-', '_'), StringComparison.Ordinal))
            ?? throw new FileNotFoundException($"Embedded demo file {fileName} not found.");
        return asm.GetManifestResourceStream(name)!;
    }

    public static string ReadText(string fileName)
    {
        using var reader = new StreamReader(Open(fileName));
        return reader.ReadToEnd();
    }

    /// <summary>Rows of a simple CSV (quoted fields without embedded quotes), header skipped.</summary>
    public static IEnumerable<string[]> ReadCsv(string fileName)
    {
        using var reader = new StreamReader(Open(fileName));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return line.Split(',').Select(f => f.Trim('"')).ToArray();
        }
    }

    internal static Assembly Assembly => typeof(DemoFiles).Assembly;
}
