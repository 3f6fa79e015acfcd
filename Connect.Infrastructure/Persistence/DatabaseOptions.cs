namespace Connect.Infrastructure.Persistence;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (embedded default) or "SqlServer" (with ConnectionStrings:Connect).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file and the image store; relative paths start at the content root.</summary>
    public string DataFolder { get; set; } = "data";
}

public enum DatabaseProvider { Sqlite, SqlServer }
