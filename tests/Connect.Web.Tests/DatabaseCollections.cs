using Connect.Testing;

namespace Connect.Web.Tests;

// xUnit finds collection definitions only in the test assembly itself, so each test project declares its own.
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteDatabaseFixture> { public const string Name = "SQLite database"; }

[CollectionDefinition(Name)]
public sealed class SqlServerCollection : ICollectionFixture<SqlServerDatabaseFixture> { public const string Name = "SQL Server database"; }
