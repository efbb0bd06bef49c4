namespace OneCity.CityOps.Data.Migrations;

/// <summary>SQL shared by both providers' KpiQueryPaths migrations: the month cells (Kinds A and U, Day = yyyymm00).</summary>
internal static class KpiMonthCells
{
    public const string Columns = "\"Day\", \"Kind\", \"Code\", \"Reported\", \"InspectorFound\", \"Dispatched\", \"DispatchOnTime\", \"Handled\", \"HandleOnTime\", "
        + "\"Closed\", \"CloseOnTime\", \"Reworked\", \"Bounced\", \"Evaluated\", \"SatisfactionSum\", \"Extended\", \"Suspended\"";

    /// <summary>Sums the day cells counted so far into their month cells.</summary>
    public const string Backfill = """
        INSERT INTO "ops_kpi" ("Day", "Kind", "Code", "Reported", "InspectorFound", "Dispatched", "DispatchOnTime", "Handled", "HandleOnTime",
            "Closed", "CloseOnTime", "Reworked", "Bounced", "Evaluated", "SatisfactionSum", "Extended", "Suspended")
        SELECT "Day" / 100 * 100, UPPER("Kind"), "Code", SUM("Reported"), SUM("InspectorFound"), SUM("Dispatched"), SUM("DispatchOnTime"),
            SUM("Handled"), SUM("HandleOnTime"), SUM("Closed"), SUM("CloseOnTime"), SUM("Reworked"), SUM("Bounced"), SUM("Evaluated"),
            SUM("SatisfactionSum"), SUM("Extended"), SUM("Suspended")
        FROM "ops_kpi" WHERE "Kind" IN ('a', 'u')
        GROUP BY "Day" / 100 * 100, UPPER("Kind"), "Code";
        """;

    public const string Remove = """DELETE FROM "ops_kpi" WHERE "Kind" IN ('A', 'U');""";
}
