using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GoldenQuality.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for this provider without a running node.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GqDbContext>
{
    public GqDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<GqDbContext>();
        Database.Configure(options, "Data Source=design-time.db");
        return new GqDbContext(options.Options);
    }
}
