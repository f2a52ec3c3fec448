namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// Document URIs and the paths the front end uses. A file: URI becomes its local path, so that imports and data
/// files are found beside the document as <c>tlc check</c> finds them; any other scheme (an unsaved editor
/// buffer) keeps the URI itself as the source's name.
/// </summary>
internal static class FileUris
{
    public static string ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    public static string FromPath(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var parsed) && !parsed.IsFile
            ? path
            : new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
