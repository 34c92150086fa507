using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Standards;

/// <summary>A node of the product category tree (food categories as in GB 2762 annex A), linked to HS and CIQ codes.</summary>
internal sealed class ProductCategory
{
    private ProductCategory()
    {
    }

    /// <summary>A stable code such as <c>01.02.03</c>.</summary>
    public string Code { get; private set; } = "";

    public string? ParentCode { get; private set; }

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    /// <summary>HS codes (up to 10 digits) of goods in this category, separated by ';'.</summary>
    public string HsCodes { get; private set; } = "";

    /// <summary>CIQ inspection codes of goods in this category, separated by ';'.</summary>
    public string CiqCodes { get; private set; } = "";

    internal static ProductCategory Create(string code) => new() { Code = code };

    /// <summary>Assigns the fields; true when anything changed.</summary>
    internal bool Assign(string? parentCode, string nameZh, string nameEn, string hsCodes, string ciqCodes)
    {
        if (ParentCode == parentCode && NameZh == nameZh && NameEn == nameEn && HsCodes == hsCodes && CiqCodes == ciqCodes)
        {
            return false;
        }

        (ParentCode, NameZh, NameEn, HsCodes, CiqCodes) = (parentCode, nameZh, nameEn, hsCodes, ciqCodes);
        return true;
    }
}

/// <summary>A measurable quantity a requirement limits and a sensor reports, with the unit the engine compares in.</summary>
internal sealed class Parameter
{
    private Parameter()
    {
    }

    /// <summary>A short code such as <c>pb</c>, <c>afb1</c> or <c>core-temperature</c>.</summary>
    public string Code { get; private set; } = "";

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    /// <summary>The quantity (<see cref="Units"/>): mass-fraction, temperature or dimensionless.</summary>
    public string Quantity { get; private set; } = "";

    /// <summary>The canonical unit: limits and values are converted to it before they are compared.</summary>
    public string Unit { get; private set; } = "";

    internal static Parameter Create(string code) => new() { Code = code };

    internal bool Assign(string nameZh, string nameEn, string quantity, string unit)
    {
        if (NameZh == nameZh && NameEn == nameEn && Quantity == quantity && Unit == unit)
        {
            return false;
        }

        (NameZh, NameEn, Quantity, Unit) = (nameZh, nameEn, quantity, unit);
        return true;
    }
}

/// <summary>A standard: number, title, issuing body, validity and supersession.</summary>
internal sealed class Standard
{
    private Standard()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The number with its year, e.g. <c>GB 2762-2022</c>.</summary>
    public string Number { get; private set; } = "";

    public string Title { get; private set; } = "";

    public StandardKind Kind { get; private set; }

    public string IssuingBody { get; private set; } = "";

    /// <summary>The GB/T 2260 province code of a provincial (local) standard.</summary>
    public string? ProvinceCode { get; private set; }

    /// <summary>The first day the standard is in force.</summary>
    public DateOnly ValidFrom { get; private set; }

    /// <summary>The first day it is no longer in force (exclusive), when known.</summary>
    public DateOnly? ValidTo { get; private set; }

    /// <summary>The number of the standard that replaces this one.</summary>
    public string? SupersededBy { get; private set; }

    internal static Standard Create(Guid id, string number) => new() { Id = id, Number = number };

    internal bool Assign(string title, StandardKind kind, string issuingBody, string? provinceCode, DateOnly validFrom, DateOnly? validTo, string? supersededBy)
    {
        if (Title == title && Kind == kind && IssuingBody == issuingBody && ProvinceCode == provinceCode && ValidFrom == validFrom && ValidTo == validTo && SupersededBy == supersededBy)
        {
            return false;
        }

        (Title, Kind, IssuingBody, ProvinceCode, ValidFrom, ValidTo, SupersededBy) = (title, kind, issuingBody, provinceCode, validFrom, validTo, supersededBy);
        return true;
    }
}

/// <summary>
/// One measurable requirement of a standard. Its identity is (standard, clause, category, parameter,
/// processing state): importing the same line again changes nothing.
/// </summary>
internal sealed class Requirement
{
    private Requirement()
    {
    }

    public Guid Id { get; private set; }

    public string StandardNumber { get; private set; } = "";

    /// <summary>The clause or table row of the standard, e.g. <c>4.1 表1</c>.</summary>
    public string Clause { get; private set; } = "";

    public string CategoryCode { get; private set; } = "";

    public string Parameter { get; private set; } = "";

    /// <summary>The processing state it applies to (e.g. <c>dried</c>); empty for every state.</summary>
    public string ProcessingState { get; private set; } = "";

    public LimitKind Kind { get; private set; }

    public double? Lower { get; private set; }

    /// <summary>The upper limit; for not-detected, the method's limit of detection when the standard gives one.</summary>
    public double? Upper { get; private set; }

    /// <summary>The unit of the limits, UCUM or UN/ECE Rec 20 (see <see cref="Units"/>).</summary>
    public string Unit { get; private set; } = "";

    /// <summary>The method standard, e.g. <c>GB 5009.12</c>.</summary>
    public string Method { get; private set; } = "";

    /// <summary><c>national</c>, or the GB/T 2260 code of the province whose domestic market it governs.</summary>
    public string Jurisdiction { get; private set; } = "national";

    internal static Requirement Create(Guid id, RequirementKey key) => new()
    {
        Id = id,
        StandardNumber = key.Standard,
        Clause = key.Clause,
        CategoryCode = key.Category,
        Parameter = key.Parameter,
        ProcessingState = key.State,
    };

    internal RequirementKey Key => new(StandardNumber, Clause, CategoryCode, Parameter, ProcessingState);

    internal bool Assign(LimitKind kind, double? lower, double? upper, string unit, string method, string jurisdiction)
    {
        if (Kind == kind && Lower == lower && Upper == upper && Unit == unit && Method == method && Jurisdiction == jurisdiction)
        {
            return false;
        }

        (Kind, Lower, Upper, Unit, Method, Jurisdiction) = (kind, lower, upper, unit, method, jurisdiction);
        return true;
    }
}

internal readonly record struct RequirementKey(string Standard, string Clause, string Category, string Parameter, string State);

internal sealed class ProductCategoryConfiguration : IEntityTypeConfiguration<ProductCategory>
{
    public void Configure(EntityTypeBuilder<ProductCategory> b)
    {
        b.ToTable("standards_categories");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.ParentCode).HasMaxLength(64);
        b.Property(x => x.NameZh).HasMaxLength(256);
        b.Property(x => x.NameEn).HasMaxLength(256);
        b.Property(x => x.HsCodes).HasMaxLength(1024);
        b.Property(x => x.CiqCodes).HasMaxLength(1024);
        b.HasIndex(x => x.ParentCode);
    }
}

internal sealed class ParameterConfiguration : IEntityTypeConfiguration<Parameter>
{
    public void Configure(EntityTypeBuilder<Parameter> b)
    {
        b.ToTable("standards_parameters");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.NameZh).HasMaxLength(256);
        b.Property(x => x.NameEn).HasMaxLength(256);
        b.Property(x => x.Quantity).HasMaxLength(32);
        b.Property(x => x.Unit).HasMaxLength(32);
    }
}

internal sealed class StandardConfiguration : IEntityTypeConfiguration<Standard>
{
    public void Configure(EntityTypeBuilder<Standard> b)
    {
        b.ToTable("standards_standards");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(64);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.Title).HasMaxLength(512);
        b.Property(x => x.IssuingBody).HasMaxLength(256);
        b.Property(x => x.ProvinceCode).HasMaxLength(6);
        b.Property(x => x.SupersededBy).HasMaxLength(64);
    }
}

internal sealed class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> b)
    {
        b.ToTable("standards_requirements");
        b.HasKey(x => x.Id);
        b.Property(x => x.StandardNumber).HasMaxLength(64);
        b.Property(x => x.Clause).HasMaxLength(64);
        b.Property(x => x.CategoryCode).HasMaxLength(64);
        b.Property(x => x.Parameter).HasMaxLength(64);
        b.Property(x => x.ProcessingState).HasMaxLength(64);
        b.Property(x => x.Unit).HasMaxLength(32);
        b.Property(x => x.Method).HasMaxLength(128);
        b.Property(x => x.Jurisdiction).HasMaxLength(16);
        b.HasIndex(x => new { x.StandardNumber, x.Clause, x.CategoryCode, x.Parameter, x.ProcessingState }).IsUnique();
        b.HasIndex(x => new { x.CategoryCode, x.Parameter });
    }
}
