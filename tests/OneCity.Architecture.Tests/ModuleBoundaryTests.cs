using System.Reflection;
using NetArchTest.Rules;

namespace OneCity.Architecture.Tests;

/// <summary>Modules talk only through public contracts; the kernel depends on no module.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] Modules = ["OneCity.GovServices", "OneCity.CityOps", "OneCity.DataHub", "OneCity.Sensing"];

    private static Assembly Load(string name) => Assembly.Load(name);

    [Fact]
    public void ThePlatformDependsOnNoModule()
    {
        var result = Types.InAssembly(Load("OneCity.Platform")).ShouldNot().HaveDependencyOnAny(Modules).GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    public static TheoryData<string> ModuleNames => [.. Modules];

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void AModuleUsesOtherModulesOnlyThroughTheirContracts(string module)
    {
        // Every type of another module that is not in its Contracts namespace is off limits (checked in the IL).
        var forbidden = Modules.Where(m => m != module)
            .SelectMany(m => Load(m).GetTypes())
            .Where(t => t.FullName is not null && !t.FullName.Contains(".Contracts.", StringComparison.Ordinal) && !t.FullName.Contains('<'))
            .Select(t => t.FullName!)
            .ToArray();
        if (forbidden.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(Load(module)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void AModuleExposesOnlyItsContractsAndItsCompositionRoot(string module)
    {
        var asm = Load(module);
        var leaked = asm.GetExportedTypes()
            .Where(t => !(t.Namespace ?? "").StartsWith(module + ".Contracts", StringComparison.Ordinal))
            .Where(t => !t.Name.EndsWith("Module", StringComparison.Ordinal))
            .Where(t => !IsProviderContext(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(leaked.Count == 0, "Public types outside Contracts: " + string.Join(", ", leaked));
    }

    /// <summary>
    /// The modules' pages are compiled in the host (Razor Pages live in OneCity.Web), so each module grants the host, and
    /// only the host, access to its internals; the pages still go through the module's services, never its data layer.
    /// </summary>
    [Fact]
    public void TheHostsPagesUseModuleServicesNotTheirDataLayer()
    {
        var result = Types.InAssembly(Load("OneCity.Web"))
            .That().ResideInNamespace("OneCity.Web.Pages")
            .ShouldNot().HaveDependencyOnAny(Modules.Select(m => m + ".Data").ToArray())
            .GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    // EF Core's migration tooling needs the provider-specific contexts to be public.
    private static bool IsProviderContext(Type t) => t.Name.EndsWith("DbContext", StringComparison.Ordinal) || (t.Namespace ?? "").Contains(".Data.Migrations", StringComparison.Ordinal);

    private static string Describe(NetArchTest.Rules.TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);
}
