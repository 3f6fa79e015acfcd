using System.Reflection;
using Connect.Infrastructure.Feeds;

namespace Connect.Infrastructure.Tests.Feeds;

/// <summary>The engine stays platform-neutral: a second platform plugs in without touching it.</summary>
public sealed class FeedEngineBoundaryTests
{
    private const string PlatformNamespace = "Connect.Infrastructure.Integrations";

    [Fact]
    public void No_engine_type_refers_to_a_platform_type()
    {
        var engineTypes = typeof(IFeed).Assembly.GetTypes().Where(t => t.Namespace == typeof(IFeed).Namespace).ToList();
        engineTypes.ShouldContain(typeof(FeedRunner));

        var offenders = engineTypes
            .SelectMany(type => ReferencedTypes(type).Where(IsPlatformType).Select(referenced => $"{type.FullName} -> {referenced.FullName}"))
            .Distinct()
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void No_engine_source_file_names_a_platform_namespace()
    {
        var folder = Path.Combine(RepositoryRoot(), "Connect.Infrastructure", "Feeds");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        files.ShouldNotBeEmpty();

        files.Where(f => File.ReadAllText(f).Contains(PlatformNamespace, StringComparison.Ordinal)).Select(Path.GetFileName).ShouldBeEmpty();
    }

    private static bool IsPlatformType(Type type) => type.Namespace?.StartsWith(PlatformNamespace, StringComparison.Ordinal) == true;

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info) direct.Add(info.ReturnType);
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            direct.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }
        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
            foreach (var inner in Expand(element)) yield return inner;
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments().Where(a => !a.IsGenericParameter))
                foreach (var inner in Expand(argument)) yield return inner;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connect.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Connect.sln not found above the test output folder.");
    }
}
