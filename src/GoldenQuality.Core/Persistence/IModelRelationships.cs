using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Persistence;

/// <summary>
/// Foreign keys from one module's table to another module's, declared by the module that holds the key column
/// and naming the other module's entity by its type name, so that the module's code does not depend on the
/// other's. <see cref="GqDbContext"/> applies every implementation in the assembly (ordered by type name) after
/// all entity configurations, when every entity type is known by name.
/// </summary>
public interface IModelRelationships
{
    void Apply(ModelBuilder modelBuilder);
}
