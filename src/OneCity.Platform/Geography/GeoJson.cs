using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO.Converters;

namespace OneCity.Platform.Geography;

/// <summary>GeoJSON geometry reading and writing, and the one geometry factory (WGS84, SRID 4326).</summary>
internal static class GeoJson
{
    public static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    public static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory(Factory) } };

    public static string Write(Geometry geometry) => JsonSerializer.Serialize(geometry, Options);

    public static Geometry Read(string json) => JsonSerializer.Deserialize<Geometry>(json, Options)
        ?? throw new JsonException("Null geometry.");

    public static Geometry Read(JsonElement element) => element.Deserialize<Geometry>(Options)
        ?? throw new JsonException("Null geometry.");

    public static JsonElement ToElement(Geometry geometry) => JsonSerializer.SerializeToElement(geometry, Options);

    /// <summary>Valid polygonal geometry: self-intersections and ring order fixed, lower-dimension debris dropped.</summary>
    public static Geometry MakeValidPolygonal(Geometry g)
    {
        var fixedGeometry = g.IsValid ? g : GeometryFixer.Fix(g);
        return Synthesiser.Polygonal(fixedGeometry, Factory);
    }
}
