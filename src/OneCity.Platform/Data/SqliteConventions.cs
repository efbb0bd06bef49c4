using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneCity.Platform.Data;

/// <summary>
/// SQLite has no date-time type: EF Core stores DateTimeOffset as text, which it cannot compare or order in SQL.
/// Every module's SQLite context stores instants as Unix milliseconds instead, so deadlines and queues can be
/// queried in the database. (PostgreSQL keeps timestamptz; all instants are written in UTC.)
/// </summary>
public static class SqliteConventions
{
    public static void Apply(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        builder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
