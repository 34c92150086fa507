namespace GoldenQuality.Common;

/// <summary>
/// Files that only the node's OS account may read: databases, keys, API-key files. On Unix a new file is
/// created 0600 and a new folder 0700 (decision 0006); on Windows the folder's ACL applies.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (0700) if it does not exist yet; an existing folder is left as its owner set it.</summary>
    public static void EnsureFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
        {
            EnsureFolder(parent);
        }

        Directory.CreateDirectory(folder, FolderMode);
    }

    /// <summary>Creates an empty file (0600) in a private folder if it does not exist yet.</summary>
    public static void EnsureFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            EnsureFolder(folder);
        }

        if (File.Exists(path))
        {
            return;
        }

        try
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode;
            }

            using var stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }

    /// <summary>Writes a file that only the owner may read (0600, also when it existed with a wider mode).</summary>
    public static async Task WriteAsync(string path, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        EnsureFile(path);
        Restrict(path);
        await File.WriteAllTextAsync(path, text, ct);
    }

    /// <summary>Sets 0600 on an existing file (Unix).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }
}
