using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ModelGen.Data;

/// <summary>The images of a directory with one subfolder per class, in a fixed order.</summary>
internal sealed class ClassFolders
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    private ClassFolders(string[] classNames, List<string> files, List<int> classIndices) =>
        (ClassNames, Files, ClassIndices) = (classNames, files, classIndices);

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<int> ClassIndices { get; }

    public static ClassFolders Scan(string directory, IReadOnlyList<string>? classNames)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The image folder '{directory}' does not exist.");
        }

        string root = Path.GetFullPath(directory);
        string[] subfolders = Directory.EnumerateDirectories(root, "*", new EnumerationOptions { IgnoreInaccessible = false })
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (subfolders.Length == 0)
        {
            throw new InvalidDataException(
                $"'{root}' has no class subfolders; expected one subfolder per class holding its images (for multi-label data, a CSV with ImageFolder.LoadCsv).");
        }

        string[] names = classNames is null ? subfolders : CheckClassNames(root, classNames, subfolders);
        var files = new List<string>();
        var indices = new List<int>();
        for (int c = 0; c < names.Length; c++)
        {
            string[] images = ImagesBelow(Path.Combine(root, names[c]));
            files.AddRange(images);
            indices.AddRange(Enumerable.Repeat(c, images.Length));
        }

        return new ClassFolders(names, files, indices);
    }

    private static string[] ImagesBelow(string classFolder)
    {
        // The default attributes to skip include Hidden, which on Unix means names that start with a dot.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
        string[] images = Directory.EnumerateFiles(classFolder, "*", options)
            .Where(file => ImageExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            .OrderBy(file => Path.GetRelativePath(classFolder, file).Replace('\\', '/'), StringComparer.Ordinal)
            .ToArray();
        if (images.Length == 0)
        {
            throw new InvalidDataException(
                $"The class folder '{classFolder}' holds no PNG or JPEG images (.png, .jpg, .jpeg); every class needs at least one.");
        }

        return images;
    }

    private static string[] CheckClassNames(string root, IReadOnlyList<string> classNames, string[] subfolders)
    {
        string[] duplicates = classNames.GroupBy(name => name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        string[] missing = classNames.Except(subfolders, StringComparer.Ordinal).ToArray();
        string[] unlisted = subfolders.Except(classNames, StringComparer.Ordinal).ToArray();
        if (duplicates.Length > 0 || missing.Length > 0 || unlisted.Length > 0)
        {
            var problems = new List<string>();
            if (duplicates.Length > 0)
            {
                problems.Add($"listed twice: {string.Join(", ", duplicates)}");
            }

            if (missing.Length > 0)
            {
                problems.Add($"no such subfolder: {string.Join(", ", missing)}");
            }

            if (unlisted.Length > 0)
            {
                problems.Add($"subfolders not listed: {string.Join(", ", unlisted)}");
            }

            throw new InvalidDataException(
                $"The class names ({string.Join(", ", classNames)}) must be exactly the subfolders of '{root}' ({string.Join(", ", subfolders)}); {string.Join("; ", problems)}.");
        }

        return classNames.ToArray();
    }
}
