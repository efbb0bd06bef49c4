namespace OneCity.Platform.Hosting;

/// <summary>
/// A module's start-up work (migrating its database, loading its demo data), run by <see cref="PlatformStartup"/>
/// after the kernel's. Each module registers one; they run in registration order.
/// </summary>
public interface IModuleStartup
{
    /// <summary>Applies the module's migrations; loads its demo data when <paramref name="loadDemo"/> (idempotently).</summary>
    Task RunAsync(bool loadDemo, CancellationToken ct);
}
