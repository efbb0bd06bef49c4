using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Organisation;
using OneCity.Platform.Registries;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.GovServices.Offers;

/// <summary>Finds residents of the demo population who match an offer rule, and gives them a citizen account.</summary>
internal static class OfferTestData
{
    public const string Password = "OneCity-offers-1";

    public static async Task<PersonSummary> FindAsync(OneCityFactory app, string area, Func<PersonSummary, bool> match)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<RegistryService>();
        for (var page = 1; page < 200; page++)
        {
            var (items, total) = await registry.SearchPeopleAsync(null, area, AreaCodes.City, page, 100, CancellationToken.None);
            if (items.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (page * 100 >= total)
            {
                break;
            }
        }

        throw new InvalidOperationException($"No matching resident in {area}.");
    }

    public static async Task<IReadOnlyList<FamilyMember>> FamilyAsync(OneCityFactory app, string personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var person = await scope.ServiceProvider.GetRequiredService<RegistryService>().GetPersonAsync(personId, CancellationToken.None);
        return person!.Family;
    }

    public static async Task<DateOnly> BirthDateAsync(OneCityFactory app, string personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RegistryService>().GetRecordAsync(personId, CancellationToken.None))!.BirthDate;
    }

    /// <summary>A citizen account bound to the resident (as the city's unified identity service would create it).</summary>
    public static async Task<string> AccountAsync(OneCityFactory app, string personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        // Only this helper's own account: other tests give residents accounts with other passwords.
        var existing = await users.FindByNameAsync("resident-" + personId.ToLowerInvariant());
        if (existing is not null)
        {
            return existing.UserName!;
        }

        var user = new PlatformUser
        {
            UserName = "resident-" + personId.ToLowerInvariant(), DisplayName = "居民 " + personId, PersonId = personId, JurisdictionCode = AreaCodes.City,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, Roles.Citizen)).Succeeded);
        return user.UserName;
    }
}
