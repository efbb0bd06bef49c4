namespace OneCity.Web;

/// <summary>Marker for strings shared by the layout and many pages (Resources/SharedResource.en.resx). Keys are the Chinese text.</summary>
public sealed class SharedResource;
