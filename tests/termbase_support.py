"""Shared by the termbase tests: glossaries in every dialect we read, and a small project that uses one.

The TBX samples follow the structure of the public LTAC test files
(``good_core.tbx``, ``good_min.tbx``, ``good_basic.tbx``) and of real TBX v2
exports; their content is our own support vocabulary.
"""

from __future__ import annotations

from pathlib import Path

V3 = "urn:iso:std:iso:30042:ed-2"

#: TBX v2 TBX-Default, ``tig`` style, with statuses the standard and other tools write.
TBX_V2_DEFAULT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>v2 sample</p></sourceDesc></fileDesc></martifHeader>
  <text>
    <body>
      <termEntry id="account">
        <descrip type="subjectField">Account</descrip>
        <descrip type="definition">The customer's login and data.</descrip>
        <langSet xml:lang="en">
          <tig>
            <term>account</term>
            <termNote type="partOfSpeech">noun</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="de">
          <tig>
            <term>Konto</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>Account</term>
            <termNote type="administrativeStatus">forbidden</termNote>
          </tig>
          <tig>
            <term>Benutzerkonto</term>
            <termNote type="normativeAuthorization">supersededTerm</termNote>
          </tig>
        </langSet>
      </termEntry>
      <termEntry id="product">
        <descrip type="Translation needed">No</descrip>
        <langSet xml:lang="en"><tig><term>CloudSync</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""

#: TBX v2 TBX-Basic, ``ntig``/``termGrp`` style with groups, as SDL and IBM export it.
TBX_V2_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <text>
    <body>
      <termEntry id="e1">
        <langSet xml:lang="en-US">
          <descripGrp><descrip type="definition">A copy kept to restore data.</descrip></descripGrp>
          <ntig>
            <termGrp>
              <term>backup</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
            </termGrp>
            <descrip type="context">Make a backup first.</descrip>
          </ntig>
        </langSet>
        <langSet xml:lang="fr-FR">
          <ntig><termGrp><term>sauvegarde</term></termGrp></ntig>
          <ntig><termGrp><term/></termGrp></ntig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def tbx_v3(dialect: str, body: str, *, style: str = "dca", namespaces: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<tbx type="{dialect}" style="{style}" xml:lang="en" xmlns="{V3}"{namespaces}>
  <tbxHeader><fileDesc><sourceDesc><p>v3 sample</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
{body}
    </body>
  </text>
</tbx>
"""


TBX_V3_CORE = tbx_v3(
    "TBX-Core",
    """      <conceptEntry id="c1">
        <note>Where files live.</note>
        <langSec xml:lang="en"><termSec><term>folder</term></termSec></langSec>
        <langSec xml:lang="de"><termSec><term>Ordner</term></termSec></langSec>
      </conceptEntry>""",
)

TBX_V3_MIN = tbx_v3(
    "TBX-Min",
    """      <conceptEntry id="c1">
        <descrip type="subjectField">Billing</descrip>
        <langSec xml:lang="en">
          <termSec>
            <term>invoice</term>
            <termNote type="partOfSpeech">noun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="fr">
          <termSec>
            <term>facture</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>note de frais</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </termSec>
        </langSec>
      </conceptEntry>""",
)

TBX_V3_BASIC_DCA = tbx_v3(
    "TBX-Basic",
    """      <conceptEntry id="c7">
        <transacGrp><transac type="transactionType">origination</transac><date>2024-01-02</date></transacGrp>
        <descrip type="subjectField">Files</descrip>
        <langSec xml:lang="en">
          <descripGrp><descrip type="definition">Making two copies of a folder the same.</descrip></descripGrp>
          <termSec>
            <term>sync</term>
            <termNote type="partOfSpeech">verb</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <descripGrp><descrip type="context">Sync your folder.</descrip></descripGrp>
          </termSec>
        </langSec>
        <langSec xml:lang="ja">
          <termSec><term>同期</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        </langSec>
      </conceptEntry>""",
)

TBX_V3_BASIC_DCT = tbx_v3(
    "TBX-Basic",
    """      <conceptEntry id="c9">
        <basic:subjectField>Security</basic:subjectField>
        <langSec xml:lang="en">
          <descripGrp><basic:definition>A secret word to sign in.</basic:definition></descripGrp>
          <termSec>
            <term>password</term>
            <min:partOfSpeech>noun</min:partOfSpeech>
            <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
          </termSec>
        </langSec>
        <langSec xml:lang="de">
          <termSec>
            <term>Passwort</term>
            <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
          </termSec>
          <termSec>
            <term>Kennwort</term>
            <min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus>
          </termSec>
        </langSec>
      </conceptEntry>""",
    style="dct",
    namespaces=' xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic"',
)

#: A glossary for a project: DNT product names, a forbidden and a deprecated term, UI labels.
PROJECT_GLOSSARY = tbx_v3(
    "TBX-Basic",
    """      <conceptEntry id="product">
        <langSec xml:lang="en"><termSec><term>Acme Drive</term>
          <note>locflow:do-not-translate</note><note>locflow:case-sensitive</note></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="account">
        <descrip type="definition">The customer's login.</descrip>
        <langSec xml:lang="en"><termSec><term>account</term></termSec></langSec>
        <langSec xml:lang="de">
          <termSec><term>Konto</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
          <termSec><term>Account</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            <note>locflow:forbidden</note></termSec>
          <termSec><term>Benutzerkonto</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="billing">
        <langSec xml:lang="en"><termSec><term>Billing</term></termSec></langSec>
        <langSec xml:lang="de"><termSec><term>Abrechnung</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
      </conceptEntry>""",
)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif type="TBX" xml:lang="en"><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol2;</term></tig></langSet></termEntry></body></text></martif>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&secret;</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_project(root: Path, *, glossary: str = PROJECT_GLOSSARY, provider: str = "pseudo", extra: str = "") -> Path:
    """A project with a Markdown page and ``glossary/acme.tbx`` in ``[termbase] import``, extracted."""
    from tests.cli_support import locflow

    write(
        root / "locflow.toml",
        f"""[project]
source_locale = "en"
target_locales = ["de", "ja"]

[[content]]
path = "content/*.md"

[termbase]
import = ["glossary/*.tbx"]

[mt]
provider = "{provider}"
{extra}""",
    )
    write(
        root / "content" / "help.md",
        "# Billing\n\nOpen Acme Drive and delete your accounts.\n\nUse `account` in the command line.\n\nBilling\n",
    )
    write(root / "glossary" / "acme.tbx", glossary)
    locflow("extract", "-C", str(root))
    return root
