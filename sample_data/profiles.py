"""Lookup tables for the synthetic supplier generator: where suppliers are, what they make.

Everything here is invented except the good names, which are spelled exactly as in the DOL List of
Goods 2022 (``risk_rules/reference/dol_ilab_tvpra_list_of_goods_2022.csv``) whenever the country has
that good on the list, and the city names, which are real places in the country given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class NameStyle:
    """Syllables that make up a plausible company name core ("Xin" + "da" -> "Xinda")."""

    first: tuple[str, ...]
    second: tuple[str, ...]
    joiner: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """One sourcing origin: a country (or a region of one) with its own places and products.

    ``spellings`` are the ways an ERP export writes the country, with weights. ``legal`` holds
    (before, after) pairs around the company name ("PT " before, " GmbH" after). ``address`` is a
    template with ``{n}`` (house number) and ``{s}`` (street). ``products``: (sector code, goods).
    """

    iso2: str
    weight: float
    spellings: tuple[tuple[str, float], ...]
    cities: tuple[tuple[str, str], ...]
    style: str
    legal: tuple[tuple[str, str], ...]
    address: str
    streets: tuple[str, ...]
    tld: str
    products: tuple[tuple[str, tuple[str, ...]], ...]
    migrant_pct: float = 5.0
    eur_share: float = 0.1
    city_in_name: float = 0.0
    note: str = ""


NAME_STYLES: Final[dict[str, NameStyle]] = {
    "chinese": NameStyle(
        (
            "Xin",
            "Hua",
            "Sheng",
            "Tai",
            "Jin",
            "Long",
            "Feng",
            "Hong",
            "Yuan",
            "Kang",
            "Heng",
            "Rui",
        ),
        ("da", "xing", "feng", "mei", "tai", "yuan", "sheng", "li", "hua", "fu", "cheng", "an"),
    ),
    "vietnamese": NameStyle(
        ("Viet", "Thanh", "Phu", "Hoa", "Minh", "Tan", "Hung", "Sao", "Dong", "Nam"),
        ("Phat", "Long", "Thinh", "An", "Mai", "Hung", "Tien", "Viet"),
        " ",
    ),
    "south_asian": NameStyle(
        ("Sha", "Ra", "Ma", "Su", "Pra", "Ja", "Har", "Bal", "Meg", "Pad"),
        ("jan", "deep", "mati", "bala", "rin", "ka", "hna", "ma", "esh", "nath"),
    ),
    "turkish": NameStyle(
        ("Ak", "Kara", "Yıl", "Öz", "Ay", "Er", "Gül", "Demir", "Tek", "Bay"),
        ("taş", "soy", "kan", "san", "lar", "yol", "dem", "can"),
    ),
    "latin": NameStyle(
        ("San", "Bel", "Mar", "Val", "Ros", "Cas", "Mon", "Ver", "Ter", "Sol"),
        ("tana", "vista", "oro", "ledo", "mira", "ello", "ano", "ada", "ino", "essa"),
    ),
    "germanic": NameStyle(
        ("Stein", "Berg", "Wald", "Nord", "Hoch", "Fern", "Lind", "Brook", "Oak", "Silver"),
        ("mann", "feld", "hof", "wood", "field", "stone", "haus", "ridge", "bach", "well"),
    ),
    "malay": NameStyle(
        ("Sinar", "Mega", "Bumi", "Karya", "Mitra", "Cahaya", "Tunas", "Permata"),
        ("Jaya", "Abadi", "Makmur", "Sentosa", "Indah", "Utama", "Perkasa", "Mulia"),
        " ",
    ),
    "mekong": NameStyle(
        ("Siam", "Chao", "Sukho", "Rattana", "Angkor", "Mekong", "Khmer", "Lanna"),
        ("pong", "chai", "siri", "thong", "wat", "phan", "kit", "porn"),
    ),
    "african": NameStyle(
        ("Ako", "Nana", "Kwa", "Ade", "Abe", "Tafa", "Kivu", "Ebo", "Sika", "Ama"),
        ("fo", "me", "ba", "la", "ni", "wa", "tey", "du", "ri"),
    ),
    "central_asian": NameStyle(
        ("Tash", "Samar", "Fer", "Ak", "Bukh", "Kara", "Gok", "Nur"),
        ("kent", "gana", "tepe", "ara", "abad", "su", "dar"),
    ),
}

_CHINA = (("China", 0.8), ("CN", 0.12), ("People's Republic of China", 0.08))
_CN_LEGAL = (("", " Co., Ltd."), ("", " Co. Ltd"), ("", " Industrial Co., Ltd."))
_CN_STREETS = ("Jianshe Road", "Renmin Road", "Zhongshan Road", "Jiefang Road", "Gongye Avenue")
_TEXTILE_GOODS = ("Garments", "Textiles", "Thread/Yarn", "Cotton")
_IT_STREETS = ("Via Roma", "Via Garibaldi", "Via Dante", "Viale Europa", "Via Milano")

ORIGINS: Final[dict[str, Origin]] = {
    "CN": Origin(
        "CN",
        30.0,
        _CHINA,
        (
            ("Guangzhou", "Guangdong"),
            ("Shenzhen", "Guangdong"),
            ("Dongguan", "Guangdong"),
            ("Ningbo", "Zhejiang"),
            ("Shaoxing", "Zhejiang"),
            ("Yiwu", "Zhejiang"),
            ("Suzhou", "Jiangsu"),
            ("Wuxi", "Jiangsu"),
            ("Qingdao", "Shandong"),
            ("Xiamen", "Fujian"),
            ("Jinjiang", "Fujian"),
            ("Shanghai", "Shanghai"),
            ("Chengdu", "Sichuan"),
        ),
        "chinese",
        _CN_LEGAL,
        "No. {n} {s}",
        _CN_STREETS,
        ".cn",
        (
            ("apparel_textiles", _TEXTILE_GOODS),
            ("electronics", ("Electronics", "Lithium-Ion Batteries", "Printed circuit boards")),
            (
                "solar_polysilicon",
                (
                    "Polysilicon",
                    "Photovoltaic Ingots",
                    "Photovoltaic Wafers",
                    "Solar Cells",
                    "Solar Modules",
                ),
            ),
            ("footwear_leather", ("Footwear",)),
            ("toys", ("Toys", "Christmas Decorations", "Artificial Flowers")),
            ("rubber_gloves", ("Gloves",)),
            ("food_processing", ("Tomato Products", "Fish")),
            ("construction_materials", ("Bricks", "Nails")),
            ("furniture", ("Furniture (wooden)", "Home textiles")),
        ),
        city_in_name=0.6,
    ),
    "CN-XJ": Origin(
        "CN",
        0.9,
        _CHINA,
        (
            ("Urumqi", "Xinjiang"),
            ("Kashgar", "Xinjiang"),
            ("Hotan", "Xinjiang"),
            ("Aksu", "Xinjiang Uyghur Autonomous Region"),
        ),
        "chinese",
        _CN_LEGAL,
        "No. {n} {s}",
        _CN_STREETS,
        ".cn",
        (
            ("apparel_textiles", ("Cotton", "Thread/Yarn", "Textiles")),
            ("solar_polysilicon", ("Polysilicon", "Photovoltaic Ingots")),
            ("food_processing", ("Tomato Products",)),
            ("other", ("Hair Products",)),
        ),
        city_in_name=0.6,
        note="synthetic test record: Xinjiang supplier",
    ),
    "BD": Origin(
        "BD",
        8.0,
        (("Bangladesh", 0.9), ("BD", 0.1)),
        (
            ("Dhaka", "Dhaka Division"),
            ("Gazipur", "Dhaka Division"),
            ("Narayanganj", "Dhaka Division"),
            ("Savar", "Dhaka Division"),
            ("Chittagong", "Chattogram Division"),
            ("Khulna", "Khulna Division"),
        ),
        "south_asian",
        (("", " Ltd."), ("", " Limited"), ("", " Fashions Ltd.")),
        "Plot {n}, {s}",
        ("Road 7, Sector 3", "BSCIC Industrial Area", "Tongi Road", "EPZ Road"),
        ".com.bd",
        (
            ("apparel_textiles", ("Garments", "Textiles", "Jute (textiles)")),
            ("footwear_leather", ("Footwear", "Leather")),
            ("fishing_seafood", ("Shrimp", "Dried Fish")),
        ),
        migrant_pct=2.0,
    ),
    "VN": Origin(
        "VN",
        8.0,
        (("Vietnam", 0.6), ("Viet Nam", 0.3), ("VN", 0.1)),
        (
            ("Ho Chi Minh City", "Ho Chi Minh City"),
            ("Hanoi", "Hanoi"),
            ("Thu Dau Mot", "Binh Duong"),
            ("Bien Hoa", "Dong Nai"),
            ("Hai Phong", "Hai Phong"),
            ("Da Nang", "Da Nang"),
            ("Can Tho", "Can Tho"),
        ),
        "vietnamese",
        (("", " Co., Ltd"), ("", " JSC"), ("", " Joint Stock Company")),
        "{n} {s}",
        ("Nguyen Van Linh Street", "Le Loi Street", "Tran Hung Dao Street", "Road No. 2, VSIP"),
        ".vn",
        (
            ("apparel_textiles", ("Garments", "Textiles")),
            ("footwear_leather", ("Footwear", "Leather")),
            ("furniture", ("Furniture", "Timber")),
            ("agriculture", ("Coffee", "Cashews", "Pepper", "Rice")),
            ("electronics", ("Electronic components", "Printed circuit boards")),
        ),
        migrant_pct=8.0,
    ),
    "IN": Origin(
        "IN",
        9.0,
        (("India", 0.92), ("IN", 0.08)),
        (
            ("Tiruppur", "Tamil Nadu"),
            ("Bengaluru", "Karnataka"),
            ("Ludhiana", "Punjab"),
            ("New Delhi", "Delhi"),
            ("Noida", "Uttar Pradesh"),
            ("Mumbai", "Maharashtra"),
            ("Surat", "Gujarat"),
            ("Jaipur", "Rajasthan"),
            ("Kolkata", "West Bengal"),
        ),
        "south_asian",
        (("", " Pvt. Ltd."), ("", " Private Limited"), ("", " Exports")),
        "{n}, {s}",
        ("MG Road", "Industrial Estate Phase II", "SIPCOT Industrial Park", "Ring Road"),
        ".in",
        (
            ("apparel_textiles", ("Garments", "Cotton", "Thread/Yarn", "Embellished Textiles")),
            ("footwear_leather", ("Footwear", "Leather Goods/Accessories")),
            ("mining_quarrying", ("Mica", "Sandstone", "Stones")),
            ("agriculture", ("Tea", "Rice", "Sugarcane")),
            ("furniture", ("Carpets", "Brassware")),
        ),
        migrant_pct=12.0,
    ),
    "TR": Origin(
        "TR",
        5.0,
        (("Turkey", 0.5), ("Türkiye", 0.3), ("Turkiye", 0.2)),
        (
            ("Istanbul", "Istanbul"),
            ("Bursa", "Bursa"),
            ("Izmir", "Izmir"),
            ("Denizli", "Denizli"),
            ("Gaziantep", "Gaziantep"),
            ("Kahramanmaraş", "Kahramanmaraş"),
        ),
        "turkish",
        (("", " A.Ş."), ("", " San. ve Tic. Ltd. Şti.")),
        "{s} No: {n}",
        ("Atatürk Caddesi", "Organize Sanayi Bölgesi 3. Cadde", "Cumhuriyet Caddesi"),
        ".com.tr",
        (
            ("apparel_textiles", ("Garments", "Cotton")),
            ("agriculture", ("Hazelnuts", "Citrus Fruits", "Cumin")),
            ("footwear_leather", ("Footwear",)),
            ("furniture", ("Furniture",)),
        ),
        migrant_pct=15.0,
        eur_share=0.4,
    ),
    "KH": Origin(
        "KH",
        3.0,
        (("Cambodia", 0.9), ("KH", 0.1)),
        (
            ("Phnom Penh", "Phnom Penh"),
            ("Chbar Mon", "Kampong Speu"),
            ("Sihanoukville", "Preah Sihanouk"),
            ("Siem Reap", "Siem Reap"),
        ),
        "mekong",
        (("", " Co., Ltd."), ("", " Garment Co., Ltd.")),
        "No. {n}, {s}",
        ("National Road 4", "Street 598", "Veng Sreng Boulevard"),
        ".com.kh",
        (
            ("apparel_textiles", ("Textiles", "Garments")),
            ("fishing_seafood", ("Fish", "Shrimp")),
            ("construction_materials", ("Bricks",)),
            ("agriculture", ("Rubber", "Sugarcane")),
        ),
    ),
    "ID": Origin(
        "ID",
        4.0,
        (("Indonesia", 0.9), ("ID", 0.1)),
        (
            ("Jakarta", "DKI Jakarta"),
            ("Bandung", "West Java"),
            ("Semarang", "Central Java"),
            ("Surabaya", "East Java"),
            ("Medan", "North Sumatra"),
            ("Pekanbaru", "Riau"),
        ),
        "malay",
        (("PT ", ""), ("PT ", " Tbk")),
        "{s} No. {n}",
        ("Jl. Sudirman", "Jl. Gatot Subroto", "Jl. Raya Industri"),
        ".co.id",
        (
            ("agriculture", ("Crude Palm Oil", "Palm Fruit", "Refined Palm Oil", "Rubber")),
            ("chemicals_plastics", ("Oleochemicals",)),
            ("footwear_leather", ("Footwear (sandals)",)),
            ("fishing_seafood", ("Fish",)),
            ("mining_quarrying", ("Tin", "Gold")),
        ),
        migrant_pct=6.0,
    ),
    "MY": Origin(
        "MY",
        3.0,
        (("Malaysia", 0.9), ("MY", 0.1)),
        (
            ("Klang", "Selangor"),
            ("Shah Alam", "Selangor"),
            ("George Town", "Penang"),
            ("Ipoh", "Perak"),
            ("Johor Bahru", "Johor"),
            ("Kulim", "Kedah"),
        ),
        "malay",
        (("", " Sdn. Bhd."), ("", " Sdn Bhd"), ("", " Berhad")),
        "Lot {n}, {s}",
        ("Jalan Perusahaan 2", "Jalan Kebun", "Kawasan Perindustrian Bayan Lepas"),
        ".com.my",
        (
            ("rubber_gloves", ("Rubber Gloves",)),
            ("electronics", ("Electronics", "Semiconductors")),
            ("apparel_textiles", ("Garments",)),
            ("agriculture", ("Palm Fruit",)),
        ),
        migrant_pct=45.0,
    ),
    "MX": Origin(
        "MX",
        4.0,
        (("Mexico", 0.8), ("México", 0.1), ("MX", 0.1)),
        (
            ("Monterrey", "Nuevo León"),
            ("Guadalajara", "Jalisco"),
            ("Tijuana", "Baja California"),
            ("Ciudad Juárez", "Chihuahua"),
            ("Puebla", "Puebla"),
            ("León", "Guanajuato"),
            ("Culiacán", "Sinaloa"),
        ),
        "latin",
        (("", " S.A. de C.V."), ("", " S. de R.L. de C.V.")),
        "{s} {n}",
        ("Av. Industrial", "Calle Hidalgo", "Blvd. Díaz Ordaz"),
        ".com.mx",
        (
            ("automotive", ("Automotive parts", "Wire harnesses")),
            ("agriculture", ("Tomatoes", "Chile Peppers", "Coffee", "Cucumbers")),
            ("apparel_textiles", ("Garments",)),
            ("footwear_leather", ("Leather Goods/Accessories",)),
        ),
        migrant_pct=10.0,
    ),
    "BR": Origin(
        "BR",
        3.0,
        (("Brazil", 0.7), ("Brasil", 0.2), ("BR", 0.1)),
        (
            ("São Paulo", "São Paulo"),
            ("Belo Horizonte", "Minas Gerais"),
            ("Porto Alegre", "Rio Grande do Sul"),
            ("Salvador", "Bahia"),
            ("Belém", "Pará"),
            ("Franca", "São Paulo"),
        ),
        "latin",
        (("", " Ltda."), ("", " S.A.")),
        "{s}, {n}",
        ("Rua das Flores", "Avenida Paulista", "Rodovia BR-116"),
        ".com.br",
        (
            ("agriculture", ("Coffee", "Beef", "Cotton", "Sugarcane", "Cocoa")),
            ("footwear_leather", ("Footwear",)),
            ("forestry_timber", ("Timber", "Charcoal")),
            ("metals_steel", ("Pig iron",)),
        ),
        migrant_pct=4.0,
    ),
    "PK": Origin(
        "PK",
        3.0,
        (("Pakistan", 0.9), ("PK", 0.1)),
        (
            ("Karachi", "Sindh"),
            ("Lahore", "Punjab"),
            ("Faisalabad", "Punjab"),
            ("Sialkot", "Punjab"),
            ("Multan", "Punjab"),
        ),
        "south_asian",
        (("", " (Pvt.) Ltd."), ("", " Industries")),
        "{n}, {s}",
        ("Korangi Industrial Area", "Sheikhupura Road", "Small Industrial Estate"),
        ".com.pk",
        (
            ("apparel_textiles", ("Textiles", "Garments", "Cotton")),
            ("healthcare_medical", ("Surgical Instruments",)),
            ("footwear_leather", ("Leather",)),
            ("construction_materials", ("Bricks",)),
        ),
    ),
    "TH": Origin(
        "TH",
        4.0,
        (("Thailand", 0.9), ("TH", 0.1)),
        (
            ("Bangkok", "Bangkok"),
            ("Samut Sakhon", "Samut Sakhon"),
            ("Songkhla", "Songkhla"),
            ("Chonburi", "Chonburi"),
            ("Rayong", "Rayong"),
        ),
        "mekong",
        (("", " Co., Ltd."), ("", " Public Company Limited")),
        "{n} {s}",
        ("Moo 4, Rama II Road", "Sukhumvit Road", "Bangna-Trad Road"),
        ".co.th",
        (
            ("fishing_seafood", ("Fish", "Shrimp", "Canned tuna")),
            ("apparel_textiles", ("Garments",)),
            ("agriculture", ("Sugarcane",)),
            ("electronics", ("Hard disk drives", "Electronic components")),
        ),
        migrant_pct=40.0,
    ),
    "ET": Origin(
        "ET",
        1.0,
        (("Ethiopia", 1.0),),
        (
            ("Addis Ababa", "Addis Ababa"),
            ("Hawassa", "Sidama"),
            ("Bahir Dar", "Amhara"),
            ("Mekelle", "Tigray"),
        ),
        "african",
        (("", " PLC"), ("", " Share Company")),
        "Kebele {n}, {s}",
        ("Bole Road", "Hawassa Industrial Park", "Bole Lemi Industrial Park"),
        ".et",
        (
            ("apparel_textiles", ("Textiles (hand-woven)", "Garments")),
            ("agriculture", ("Coffee", "Cattle")),
        ),
        migrant_pct=1.0,
    ),
    "DE": Origin(
        "DE",
        3.0,
        (("Germany", 0.8), ("Deutschland", 0.1), ("DE", 0.1)),
        (
            ("Munich", "Bavaria"),
            ("Stuttgart", "Baden-Württemberg"),
            ("Hamburg", "Hamburg"),
            ("Düsseldorf", "North Rhine-Westphalia"),
            ("Leipzig", "Saxony"),
        ),
        "germanic",
        (("", " GmbH"), ("", " GmbH & Co. KG"), ("", " AG")),
        "{s} {n}",
        ("Industriestraße", "Hauptstraße", "Am Hafen", "Gewerbepark"),
        ".de",
        (
            ("automotive", ("Automotive parts", "Machined components")),
            ("chemicals_plastics", ("Industrial chemicals", "Plastic granulate")),
            ("logistics_transport", ("Freight forwarding",)),
            ("packaging_paper", ("Corrugated boxes",)),
        ),
        migrant_pct=12.0,
        eur_share=0.95,
    ),
    "PT": Origin(
        "PT",
        2.0,
        (("Portugal", 1.0),),
        (
            ("Porto", "Porto"),
            ("Braga", "Braga"),
            ("Guimarães", "Braga"),
            ("Lisbon", "Lisbon"),
            ("Felgueiras", "Porto"),
            ("São João da Madeira", "Aveiro"),
        ),
        "latin",
        (("", ", Lda."), ("", " S.A.")),
        "{s}, {n}",
        ("Rua do Comércio", "Avenida da República", "Zona Industrial"),
        ".pt",
        (
            ("footwear_leather", ("Leather shoes",)),
            ("apparel_textiles", ("Knitwear", "Home textiles")),
            ("packaging_paper", ("Cork stoppers",)),
        ),
        migrant_pct=8.0,
        eur_share=0.95,
    ),
    "IT": Origin(
        "IT",
        2.0,
        (("Italy", 0.85), ("Italia", 0.05), ("IT", 0.1)),
        (
            ("Milan", "Lombardy"),
            ("Prato", "Tuscany"),
            ("Biella", "Piedmont"),
            ("Florence", "Tuscany"),
            ("Como", "Lombardy"),
            ("Naples", "Campania"),
        ),
        "latin",
        (("", " S.r.l."), ("", " S.p.A.")),
        "{s} {n}",
        _IT_STREETS,
        ".it",
        (
            ("apparel_textiles", ("Woollen fabric", "Silk fabric", "Knitwear")),
            ("footwear_leather", ("Leather handbags", "Leather shoes")),
            ("food_processing", ("Olive oil", "Tomato paste")),
        ),
        migrant_pct=10.0,
        eur_share=0.95,
    ),
    "US": Origin(
        "US",
        5.0,
        (("United States", 0.5), ("USA", 0.3), ("US", 0.1), ("U.S.A.", 0.1)),
        (
            ("Los Angeles", "CA"),
            ("Houston", "TX"),
            ("Chicago", "IL"),
            ("Charlotte", "NC"),
            ("Atlanta", "GA"),
            ("Seattle", "WA"),
            ("Newark", "NJ"),
        ),
        "germanic",
        (("", " Inc."), ("", " LLC"), ("", " Corp.")),
        "{n} {s}",
        ("Main Street", "Industrial Parkway", "Commerce Drive", "Oak Avenue"),
        ".com",
        (
            ("logistics_transport", ("Freight forwarding", "Warehousing")),
            ("packaging_paper", ("Corrugated boxes", "Labels")),
            ("electronics", ("Electronic components", "Semiconductors")),
            ("services", ("Cleaning services", "Security services", "Staffing")),
        ),
        migrant_pct=15.0,
        eur_share=0.02,
    ),
    "GH": Origin(
        "GH",
        1.0,
        (("Ghana", 1.0),),
        (
            ("Accra", "Greater Accra"),
            ("Kumasi", "Ashanti"),
            ("Tema", "Greater Accra"),
            ("Takoradi", "Western"),
        ),
        "african",
        (("", " Ltd."), ("", " Company Limited")),
        "{n} {s}",
        ("Spintex Road", "Harbour Road", "Liberation Road"),
        ".com.gh",
        (
            ("agriculture", ("Cocoa",)),
            ("mining_quarrying", ("Gold",)),
            ("fishing_seafood", ("Fish", "Tilapia (fish)")),
        ),
        migrant_pct=3.0,
    ),
    "CI": Origin(
        "CI",
        1.0,
        (("Côte d'Ivoire", 0.5), ("Ivory Coast", 0.3), ("Cote d'Ivoire", 0.2)),
        (
            ("Abidjan", "Abidjan"),
            ("San-Pédro", "Bas-Sassandra"),
            ("Yamoussoukro", "Yamoussoukro"),
            ("Daloa", "Haut-Sassandra"),
        ),
        "african",
        (("", " SARL"), ("", " SA")),
        "{n} {s}",
        ("Boulevard de Marseille", "Rue du Port", "Zone Industrielle de Yopougon"),
        ".ci",
        (
            ("agriculture", ("Cocoa", "Coffee")),
            ("food_processing", ("Cocoa butter", "Cocoa powder")),
        ),
        migrant_pct=20.0,
        eur_share=0.5,
    ),
    "CD": Origin(
        "CD",
        0.5,
        (("DRC", 0.3), ("Democratic Republic of the Congo", 0.4), ("DR Congo", 0.2), ("CD", 0.1)),
        (
            ("Kolwezi", "Lualaba"),
            ("Lubumbashi", "Haut-Katanga"),
            ("Kinshasa", "Kinshasa"),
            ("Bukavu", "South Kivu"),
        ),
        "african",
        (("", " SARL"), ("", " SA")),
        "{n} {s}",
        ("Avenue Kasavubu", "Avenue Lumumba", "Route de Likasi"),
        ".cd",
        (
            (
                "mining_quarrying",
                (
                    "Cobalt ore (heterogenite)",
                    "Copper",
                    "Tantalum ore (coltan)",
                    "Tin ore (cassiterite)",
                ),
            ),
        ),
        migrant_pct=5.0,
    ),
    "UZ": Origin(
        "UZ",
        0.7,
        (("Uzbekistan", 1.0),),
        (
            ("Tashkent", "Tashkent"),
            ("Samarkand", "Samarkand"),
            ("Fergana", "Fergana"),
            ("Bukhara", "Bukhara"),
        ),
        "central_asian",
        (("", " LLC"), ("", " JV LLC")),
        "{s} {n}",
        ("Amir Temur Street", "Mustaqillik Avenue", "Navoi Street"),
        ".uz",
        (
            ("apparel_textiles", ("Cotton", "Thread/Yarn", "Garments")),
            ("agriculture", ("Silk Cocoons",)),
        ),
        migrant_pct=1.0,
    ),
    "TM": Origin(
        "TM",
        0.3,
        (("Turkmenistan", 1.0),),
        (("Ashgabat", "Ashgabat"), ("Mary", "Mary Region"), ("Turkmenabat", "Lebap Region")),
        "central_asian",
        (("", " LLC"), ("", " HJ")),
        "{s} {n}",
        ("Magtymguly Avenue", "Archabil Avenue"),
        ".tm",
        (("apparel_textiles", ("Cotton", "Thread/Yarn")),),
        migrant_pct=1.0,
    ),
}

# Sector code -> how people write it in an ERP, and the word that goes into company names.
SECTOR_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "agriculture": ("Agriculture", "Agri", "Farming"),
    "fishing_seafood": ("Seafood", "Fishing", "Fish & seafood"),
    "forestry_timber": ("Timber", "Forestry", "Wood"),
    "mining_quarrying": ("Mining", "Minerals", "Mining and quarrying"),
    "metals_steel": ("Metals", "Steel", "Metals and steel"),
    "apparel_textiles": ("Apparel", "Textiles", "Garments", "Apparel & Textiles"),
    "footwear_leather": ("Footwear", "Leather", "Shoes"),
    "electronics": ("Electronics", "Electrical", "Electronic components"),
    "solar_polysilicon": ("Solar", "Solar PV", "Polysilicon"),
    "automotive": ("Automotive", "Auto parts"),
    "food_processing": ("Food", "Food & Beverage", "Food processing"),
    "construction_materials": ("Construction", "Building materials"),
    "chemicals_plastics": ("Chemicals", "Plastics"),
    "rubber_gloves": ("Gloves", "Rubber", "Medical gloves"),
    "healthcare_medical": ("Medical", "Healthcare", "Medical devices"),
    "furniture": ("Furniture", "Home goods", "Homewares"),
    "toys": ("Toys", "Toys & games"),
    "packaging_paper": ("Packaging", "Paper & packaging"),
    "logistics_transport": ("Logistics", "Transport", "Freight"),
    "services": ("Services", "Facility services"),
    "other": ("Other", "Misc", "General merchandise"),
}

NAME_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "agriculture": ("Agro", "Farms", "Agricultural"),
    "fishing_seafood": ("Seafood", "Marine Products", "Fisheries"),
    "forestry_timber": ("Timber", "Wood Industries"),
    "mining_quarrying": ("Mining", "Minerals", "Resources"),
    "metals_steel": ("Steel", "Metal Works"),
    "apparel_textiles": ("Textile", "Garment", "Apparel", "Knitting", "Spinning"),
    "footwear_leather": ("Footwear", "Shoes", "Leather"),
    "electronics": ("Electronics", "Electronic Technology", "Electrical"),
    "solar_polysilicon": ("New Energy", "Solar", "Silicon", "Photovoltaic"),
    "automotive": ("Auto Parts", "Automotive", "Components"),
    "food_processing": ("Foods", "Food Industries"),
    "construction_materials": ("Building Materials", "Construction", "Hardware"),
    "chemicals_plastics": ("Chemical", "Plastics", "Polymers"),
    "rubber_gloves": ("Gloves", "Rubber Products", "Latex"),
    "healthcare_medical": ("Surgical", "Medical", "Instruments"),
    "furniture": ("Furniture", "Home Furnishing", "Crafts"),
    "toys": ("Toys", "Gifts", "Crafts"),
    "packaging_paper": ("Packaging", "Paper"),
    "logistics_transport": ("Logistics", "Freight", "Transport"),
    "services": ("Services", "Facility Management", "Staffing"),
    "other": ("Trading", "Hair Products", "Industries"),
}

# Audit standards a buyer in that sector would typically ask for (None = any of the general ones).
SECTOR_STANDARDS: Final[dict[str, tuple[str, ...]]] = {
    "electronics": ("RBA", "RBA", "SMETA", "SA8000"),
    "solar_polysilicon": ("RBA", "SMETA", "SA8000"),
    "apparel_textiles": ("amfori BSCI", "SMETA", "WRAP", "SA8000", "WRAP"),
    "footwear_leather": ("amfori BSCI", "SMETA", "WRAP"),
}
GENERAL_STANDARDS: Final[tuple[str, ...]] = ("SMETA", "amfori BSCI", "SA8000")

SECTOR_CERTIFICATIONS: Final[dict[str, tuple[str, ...]]] = {
    "apparel_textiles": ("OEKO-TEX Standard 100", "GOTS", "Better Cotton", "ISO 9001"),
    "agriculture": ("Fairtrade", "Rainforest Alliance", "RSPO", "GLOBALG.A.P."),
    "fishing_seafood": ("MSC", "ASC", "BAP", "BRCGS"),
    "forestry_timber": ("FSC", "PEFC"),
    "furniture": ("FSC", "ISO 9001"),
    "packaging_paper": ("FSC", "ISO 14001"),
    "food_processing": ("BRCGS", "FSSC 22000", "Fairtrade"),
    "automotive": ("IATF 16949", "ISO 14001"),
    "healthcare_medical": ("ISO 13485", "ISO 9001"),
    "rubber_gloves": ("ISO 13485", "ISO 9001"),
}
GENERAL_CERTIFICATIONS: Final[tuple[str, ...]] = ("ISO 9001", "ISO 14001", "ISO 45001")

NOTES: Final[tuple[str, ...]] = (
    "Preferred supplier",
    "Payment terms 60 days",
    "Onboarded via distributor",
    "Subcontracts embroidery",
    "Uses labour agency for seasonal peaks",
    "Contract renewal due",
    "Second source for key component",
    "Dormitories on site",
)

# Near-variants of names on risk_rules/reference/uflpa_entity_list_PARTIAL.csv, with where they are
# and what they make, so that screening has something to find. Marked as such in Notes.
UFLPA_LOOKALIKES: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("Hotan Haolin Hair Accessories Co Ltd", "Hotan", "Xinjiang", "other", "Hair Products"),
    ("Aksu Huafu Textile Co., Ltd", "Aksu", "Xinjiang", "apparel_textiles", "Thread/Yarn"),
    (
        "Hoshine Silicon Industries Co. Ltd",
        "Shihezi",
        "Xinjiang",
        "solar_polysilicon",
        "Polysilicon",
    ),
    (
        "Xinjiang Daqo New Energy Co Ltd",
        "Shihezi",
        "Xinjiang",
        "solar_polysilicon",
        "Polysilicon; Photovoltaic Wafers",
    ),
    (
        "Changji Esquel Textiles Co. Ltd.",
        "Changji",
        "Xinjiang",
        "apparel_textiles",
        "Cotton; Textiles",
    ),
    ("Hetian Taida Apparel Company Limited", "Hotan", "Xinjiang", "apparel_textiles", "Garments"),
    ("Lop County Meixin Hair Product Co., Ltd", "Lop County", "Xinjiang", "other", "Hair Products"),
    ("Camel Group Company Ltd", "Xiangyang", "Hubei", "automotive", "Lithium-Ion Batteries"),
    ("Ninestar Corp.", "Zhuhai", "Guangdong", "electronics", "Electronics"),
    ("Dongguan Oasis Shoe Co., Ltd.", "Dongguan", "Guangdong", "footwear_leather", "Footwear"),
    (
        "Xinjiang Tianshan Wool Textiles Co Ltd",
        "Urumqi",
        "Xinjiang",
        "apparel_textiles",
        "Textiles; Thread/Yarn",
    ),
)
UFLPA_NOTE: Final[str] = "synthetic test record: near-match of a UFLPA Entity List name"
