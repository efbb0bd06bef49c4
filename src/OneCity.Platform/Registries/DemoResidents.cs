namespace OneCity.Platform.Registries;

/// <summary>The synthetic population of the demo city. (Skeleton: generator pending.)</summary>
public static class DemoResidents
{
    /// <summary>The person the demo <c>citizen</c> account belongs to.</summary>
    public const string CitizenPersonId = "P00000001";

    /// <summary>The person the demo <c>company</c> account belongs to.</summary>
    public const string CompanyRepresentativePersonId = "P00000002";
}
