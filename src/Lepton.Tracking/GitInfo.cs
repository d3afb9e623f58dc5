namespace Lepton.Tracking;

/// <summary>Finds the git commit of the working folder by reading <c>.git</c> directly (no git process needed).</summary>
internal static class GitInfo
{
    public static string? CurrentCommit(string? folder = null)
    {
        try
        {
            var gitDir = FindGitDir(folder ?? Environment.CurrentDirectory);
            if (gitDir is null) return null;
            var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return IsCommit(head) ? head : null;
            var reference = head[5..].Trim();
            var common = CommonDir(gitDir);
            foreach (var dir in new[] { gitDir, common })
            {
                var loose = Path.Combine(dir, reference);
                if (File.Exists(loose)) return File.ReadAllText(loose).Trim() is var c && IsCommit(c) ? c : null;
            }

            var packed = Path.Combine(common, "packed-refs");
            if (!File.Exists(packed)) return null;
            foreach (var line in File.ReadLines(packed))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[1] == reference && IsCommit(parts[0])) return parts[0];
            }

            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? FindGitDir(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git)) return git;
            if (File.Exists(git))
            {
                // A worktree or submodule: ".git" is a file saying "gitdir: PATH".
                var text = File.ReadAllText(git).Trim();
                if (text.StartsWith("gitdir:", StringComparison.Ordinal)) return Path.GetFullPath(text[7..].Trim(), dir.FullName);
            }
        }

        return null;
    }

    private static string CommonDir(string gitDir)
    {
        var file = Path.Combine(gitDir, "commondir");
        return File.Exists(file) ? Path.GetFullPath(File.ReadAllText(file).Trim(), gitDir) : gitDir;
    }

    private static bool IsCommit(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
