import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadClassifier } from '../../src/nlu';
import type { HotlineClassifier } from '../../src/nlu/classifier';
import { EMERGENCY_KINDS } from '../../src/nlu/types';
import type { EmergencyKind } from '../../src/nlu/types';

/** Probe lists written for issue 8 (never training data): see test/fixtures/triage/. */
const FIXTURES = join(__dirname, '..', 'fixtures', 'triage');
const lines = z.array(z.union([z.string(), z.number()]).transform(String));
const forms = z
  .object({ answers: lines, punctuation: lines, greetings: lines })
  .parse(parse(readFileSync(join(FIXTURES, 'forms.yaml'), 'utf8')));
const probes = z
  .object({ emergency: z.record(z.enum(EMERGENCY_KINDS), lines), routine: lines })
  .parse(parse(readFileSync(join(FIXTURES, 'emergency.yaml'), 'utf8')));

/** What the issue measured, word for word. */
const NAMED = {
  noLetters: ['?', '？？', '。', '...', '!!!', '——', '😀', '\uFFFD'],
  formAnswers: ['市南区香港中路', '在崂山区海尔路那边'],
  routine: [
    '下水道堵了，臭得不行',
    '楼上邻居家漏水，把我家天花板泡透了',
    '个税专项附加扣除怎么申报',
    '燃气表充值了但是充不进去',
    '公司注销卡住好几个星期了',
    'My window is broken',
    'The street lights on Xianggang Road are broken',
    `${'楼下烧烤店油烟太大，每天晚上熏得没法开窗，'.repeat(2)}`,
  ],
  missed: [
    ['有个人站在楼顶边上一直往下看', 'suicide'],
    ['孩子掉进湖里了，还没捞上来', 'trapped'],
    ['工人被机器卷进去了', 'trapped'],
    ['Someone is standing at the edge of the rooftop looking down', 'suicide'],
    ['A child fell into the lake and has not been pulled out yet', 'trapped'],
    ['A worker is caught in a machine', 'trapped'],
  ] satisfies [string, EmergencyKind][],
};

/**
 * Issue 8, second round: the company-name rule must not swallow an emergency that happens at a
 * company, a factory or a shop. The first seven are the issue's; the rest were written for this test.
 */
const AT_WORK = {
  emergencies: [
    ['有人持刀闯进我们公司', 'crime'],
    ['有人晕倒在工厂', 'medical'],
    ['我被困在工厂', 'trapped'],
    ['there is a fire at the factory', 'fire'],
    ['someone is breaking into our company', 'crime'],
    ['工厂着火了', 'fire'],
    ['公司里有人跳楼', 'suicide'],
    ['有个员工从楼梯上摔下来昏迷了 在我们公司', 'medical'],
    ['煤气泄漏了好多人头晕 就在隔壁食品厂', 'gas'],
    ['一个工人被压在倒塌的墙下面 城阳那个砖厂', 'trapped'],
    ['我同事喝农药了 在物流公司', 'suicide'],
    ['仓库冒烟了 是青岛宏达包装有限公司', 'fire'],
    ['有人被关在冷库里出不来 海鲜加工厂', 'trapped'],
    ['有人拿着刀在追人 快来 胶州的服装厂', 'crime'],
    ['a man with a knife is threatening workers at the factory', 'crime'],
    [
      'my coworker collapsed and is not breathing, we are at Qingdao Haibin Machinery Co., Ltd.',
      'medical',
    ],
    ['gas is leaking everywhere in our factory', 'gas'],
    ['two workers are trapped under a collapsed shelf at the logistics company', 'trapped'],
    ['my coworker drank pesticide at the factory', 'suicide'],
    ['help, somebody fell from the roof and is not moving at the chemical factory', 'medical'],
  ] satisfies [string, EmergencyKind][],
  /** Company names typed as a form answer: danger words inside a name state nothing. */
  names: [
    '青岛海尔智家股份有限公司',
    'XX机械厂',
    '星火消防器材有限公司',
    '平安保险公司',
    '黄岛区烟花爆竹批发有限公司',
    '青岛救生设备制造厂',
    '青岛火凤凰消防科技有限公司',
    '青岛被服厂',
    '青岛急救与心肺复苏培训中心有限公司',
    'Qingdao Blaze Fire Safety Equipment Co., Ltd.',
    'Qingdao Flame Catering Management Co.,Ltd.',
    'Shandong Rescue Medical Group',
    'Jiaozhou Knife Factory',
  ],
};

/**
 * Issue 8, third round: the failure classes found on fresh batches, in lines written for this
 * test (never the batches' own): a bare topic word in a question or a service request, an
 * explicit danger statement the model scored too low, and a place word (电梯) carrying the model.
 */
const CLASSES = {
  topicQuestions: [
    '车祸认定书去哪开',
    '哪有卖防溺水救生圈的',
    '一氧化碳报警器能不能上门装',
    '车祸理赔流程是啥',
    '急救证书怎么报名考',
    '叫救护车收费标准是多少',
    'what does an ambulance cost in this city',
    'where can I sign up for a course on preventing drowning',
  ],
  statements: [
    ['我舅舅喝了小半瓶敌敌畏', 'suicide'],
    ['他把一整瓶降压药都吞了', 'suicide'],
    ['my dad drank rat poison', 'suicide'],
    ['she swallowed a handful of pills', 'suicide'],
    ['她闹着要喝药', 'suicide'],
    ['我表哥在江边说要跳', 'suicide'],
    ['my cousin says she is about to jump', 'suicide'],
    ['有个孩子落水了 在水库那边', 'trapped'],
    ['有个人在海里一沉一浮的', 'trapped'],
    ['a child fell off the pier and is still in the water', 'trapped'],
    ['刚才有个小伙子下海游泳 游出去就没回来 看不见人了', 'trapped'],
    ['my dad went swimming in the sea an hour ago and we cannot see him anymore', 'trapped'],
    ['邻居家小孩误吞了一颗纽扣电池', 'medical'],
    ['a man is following me home and he keeps getting closer', 'crime'],
    ['two men are dragging a woman into a white van near the park', 'crime'],
  ] satisfies [string, EmergencyKind][],
  /** Routine requests that read like danger: the news, a near miss, locked out, a traffic jam. */
  lookAlikes: [
    '新闻上说化工厂爆炸死了好几个人 我们这边的化工厂安全吗',
    '有人在公园里放孔明灯 落下来差点烧着树',
    '孩子被锁在学校门外了 保安不开门',
    '停车场道闸坏了 车出不去',
    '电动车撞了人 对方要我赔五万',
    'we were stuck in traffic for two hours because of an accident on the bridge',
    'the ambulance took forty minutes to come last night',
    'my mum will kill me if she finds out I lost the residence permit',
  ],
  placeWords: [
    '电梯里贴满了小广告 太难看了',
    '电梯里的灯太暗了',
    'the lift in our building plays adverts all day long',
  ],
};

/**
 * Issue 8, the x/y round: the failure classes of blind batches x and y, in lines written for this
 * test (never the batches' own). Each missed on the model shipped before the round.
 */
const XY = {
  statements: [
    // English self-harm now: tonight is the night, a cut too deep
    ['had a few beers, got the blade ready, tonight I finish it', 'suicide'],
    ['so I finished it wrong, cut too deep this time lol', 'suicide'],
    // Chinese indirect: a pet given away with a goodbye to the world
    ['把小狗送给表姐了 房间都收拾好了 跟这世界打个招呼吧', 'suicide'],
    // medical in everyday words: collapsed and no breath, heart pain in someone with a history,
    // blood spurting that "keeps coming"
    ['俺爹在村口倒了 没气儿了 咋整', 'medical'],
    ['我妈心口疼得直冒汗 她以前就有心脏病', 'medical'],
    ['blood keeps spurting from his wrist, we tied a belt above it', 'medical'],
    // carbon monoxide found in the morning, a gas meter running fast with a headache
    ['昨晚屋里生了火盆 今早上去看 脸通红 喊不应', 'gas'],
    ['燃气表转得飞快 头痛得要命 腿发软站不稳', 'gas'],
    // fire: a row of bikes all alight (then a question), two bangs and a red sky
    ['楼下一排电动车全着了 烟飘进楼里 物业电话多少', 'fire'],
    ['化工厂那边响了两声 天都红了 味道刺鼻 是不是出事了', 'fire'],
    // crime: debt collectors pinning someone to a wall
    ['放贷的带人上门 把我叔按在墙上 说不还就卸他一条腿', 'crime'],
    // trapped: Cantonese stuck in a lift, someone under what fell
    ['困喺lift成个钟 有个伯伯晕咗', 'trapped'],
    ['the scaffolding came down, my uncle is under it', 'trapped'],
    // and the development set's last misses: dragged by the hair, grazed by a car and bleeding,
    // something fallen on workers
    ['有个女的被人薅着头发拖 在公交站', 'crime'],
    ['骑车的老人被车蹭了 手上都是血', 'medical'],
    ['塔吊上的钢管掉下来 砸中底下施工的工人了', 'trapped'],
  ] satisfies [string, EmergencyKind][],
  /** Danger words in the wrong context: a past fire, prevention, equipment, a joke, slang. */
  lookAlikes: [
    '厂里着火之后一直没复工 社保谁交',
    '墙是被楼上着火熏黑的 房东要扣押金',
    'can you put up drowning warning signs at the river bank',
    '听说冬天屋里烧煤容易中毒 社区能不能给独居老人装一氧化碳报警器',
    'do landlords have to fit carbon monoxide detectors?',
    '室友老说失恋了想死 玩笑话 想问学校心理咨询几点开门',
    '我哥说再打游戏就弄死我 开玩笑的 问下网吧管理归谁',
    '退款被拒 原地爆炸 消协电话多少',
    '那个水上乐园连个救生员都没有 小孩在水里扑腾 归哪管',
    'my mother has dementia and sometimes wanders off, can the council give out tracking bracelets',
    '楼上花盆掉下来 差点砸到路人了 物业管不管',
    '剪头发的时候揪着我头发往后拉 服务太差',
    // the round's new cues kept to the writer's own act and a named fallen thing
    'the dentist cut too deep into my gum, how do I complain',
    'can the contractor finish it tonight?',
    'she is under the weather today, can I get a sick note',
    '落大雨 出唔到街 巴士几时恢复',
  ],
  /** The guards stay narrow: a habit, a question, a lifeguard or "not a joke" beside a danger now. */
  stillDanger: [
    ['my dad sometimes gets chest pain, he has collapsed and is not breathing', 'medical'],
    ['my neighbour collapsed, he is not breathing, is CPR required?', 'medical'],
    ['孩子在泳池溺水了 没有救生员', 'medical'],
    ['a man is handing out leaflets and then he pulled a knife on me', 'crime'],
    ['室友说想死 不像是开玩笑的', 'suicide'],
  ] satisfies [string, EmergencyKind][],
};

/**
 * Issue 8, the z1/z2 round: the failure classes of blind batches z1 and z2, in lines written for
 * this test (never the batches' own). Each missed on the model shipped before the round.
 */
const ZZ = {
  statements: [
    // an emergency after a complaint, a question or a habit: "sure enough", a question broken
    // off, a habit and then "now", "just" in English, the people who threatened still at the door
    ['上个月就投诉过那个充电桩 今天果然着火了 火很大', 'fire'],
    ['本来想投诉垃圾站的事 现在对面楼道着火了 好多烟', 'fire'],
    ['楼上那家经常吵架 现在男的拿着菜刀在追他老婆', 'crime'],
    [
      'sorry I wanted to book a vaccine appointment but my wife just collapsed in the kitchen',
      'medical',
    ],
    ['前几天来闹事的那帮人 还在门口 说要弄死我', 'crime'],
    // a place named by a routine word (培训班), thick smoke with children above
    ['楼下早餐店冒黑烟 二楼是培训班 全是孩子', 'fire'],
    // a vehicle or an engine smoking with people aboard
    ['the coach we are on is smoking from the engine and the driver keeps driving', 'fire'],
    ['开着开着发动机突然冒白烟 车上还有两个孩子', 'fire'],
    // gas: a Cantonese gas hose burst, acrid fumes and people running out, a heater and a headache
    ['街口嗰条石油气喉爆咗 成条街都闻到', 'gas'],
    ['一开门呛得人受不了 楼里的人都往外跑', 'gas'],
    ['公婆俩都说头特别疼 热水器开了一下午', 'gas'],
    // medical: Cantonese choking, an electric shock with the heart out of rhythm, lying in the wet,
    // a baby gone still after a socket
    ['个细路食提子鲠亲 唞唔到气', 'medical'],
    ['装空调的师傅碰到电线 现在心跳很乱 手都黑了', 'medical'],
    [
      'my neighbour touched a power line after the storm and he is lying in the wet grass',
      'medical',
    ],
    ['孩子拿钥匙捅插座 现在不哭也不动', 'medical'],
    // suicide: a rope on a beam, things given away and "don't wake me", walking into the water
    ['我叔把麻绳系在房梁上了 人还在屋里', 'suicide'],
    ["there is a noose tied to the beam in my dad's garage and he won't answer me", 'suicide'],
    ['上周开始收拾 东西都送出去了 明天不用叫我', 'suicide'],
    ['my sister texted that she is at the river and is going to walk into the water', 'suicide'],
    ['他扬言要走到水库里', 'suicide'],
  ] satisfies [string, EmergencyKind][],
  /** The new cues stay narrow: someone smoking on a bus, exhaust, a barbecue, hyperbole, a swing. */
  cueLookAlikes: [
    'someone on the bus is smoking and the driver does nothing, can I report it',
    '发动机冒白烟是什么原因 要去哪修',
    '楼下烧烤店天天冒黑烟 楼上全是老人 呛得受不了',
    '忙到透唔到气 想问下社保点样交',
    '冻到面都紫晒 想问下有冇暖气补贴',
    '绳子挂在树上晾被子 被城管说了',
    'we hung a rope swing from the beam in the barn, do we need a permit for a farm stay',
    '装修味刺鼻 孩子老往外跑',
    '值完夜班了 明天不用叫我 早饭我自己买',
    'we are going to walk in the park by the lake on Sunday, is the east gate open',
    'my kids want to walk into the sea at the beach, is there a lifeguard',
    '小区旁边的液氨储罐有刺鼻味道 希望搬迁',
    '燃气管道施工 整条街都能闻到味道 什么时候完工',
    '燃气热水器的安装费太贵了 真让人头很疼',
    '楼道经常有燃气味 现在又有了 麻烦燃气公司来查一下',
    // nor the new signs of now: a fear after a habit, "just started", someone away from home,
    // the office's answer after a question, a fallen wire lying in a field, a car to be repaired
    '总是漏水 现在墙上的插座都湿了 怕触电',
    'We just started renovating, last year there was a fire in the flat, do we need an inspection?',
    '昨天家里着火了 我老公他还在外面 保险怎么理赔',
    '本来想问一下去年火灾的补偿 结果窗口说要排队',
    'A fallen power line has been lying in the field for a week, when will you fix it?',
    'my car is smoking, can you recommend a garage',
  ],
  /**
   * Danger words in the wrong context: one's own temper or pressure "exploding", noise that
   * "makes one want to die" or "kill", a fire as the cause of damage, a danger as a condition or
   * on TV, a scam call, equipment asked about, the first-aid number, "not burning now", a refund.
   */
  guardLookAlikes: [
    '我快要炸了 社保卡补了三次还没好',
    '我女儿说考研压力大到要爆炸了 有没有青少年活动中心',
    '燃气泄漏报警器装在厨房哪个位置好',
    '楼上装修吵得人想死 能不能管管',
    '房产证在火灾中烧毁了 怎么补',
    '起火后的厂房什么时候能拆',
    '液化气泄漏的话应该先关阀门还是先开窗',
    '我爸看了电视说老式燃气灶会爆炸 不敢做饭了 能来人看看吗',
    '电视剧里演一氧化碳中毒 那种味道真的闻不到吗',
    '想问下去外省旅游 当地的急救电话也是120吗',
    '我妈接到诈骗电话说我出了车祸 幸好没转钱',
    '楼下广场舞音乐声快要杀人了 管管吧',
    'Is there a carbon monoxide detector scheme for pensioners? How do we get one?',
    "I want to buy a carbon monoxide detector for my mum's flat, any advice?",
    'The field behind us caught fire in August. It is not burning now but who clears the ash?',
    'There is an abandoned car by the road, nothing is burning, can someone tow it?',
    'The guesthouse had a gas smell on Friday so we checked out early, can I get a refund?',
    'the rent is going to kill me this month, can I get housing support?',
  ],
  /** The guards stay narrow: a boiler about to blow, a detector ringing, people still inside. */
  stillDanger: [
    ['煤气罐要炸了 快来人', 'fire'],
    ['锅炉房那边快要爆炸了 压力表一直在涨', 'fire'],
    ['燃气泄漏报警器响了 一屋子味', 'gas'],
    ['着火后的楼里还有人没出来', 'fire'],
    ['他气得要杀人了 拿着刀在楼下转', 'crime'],
    ['看电视剧的时候 厨房突然着火了', 'fire'],
    ['我爸晕倒了 要不要配合做心肺复苏', 'medical'],
    [
      'nothing is burning yet but the gas smell is really strong and my mum is dizzy and collapsed',
      'gas',
    ],
    [
      'I was going to complain about the noise but now there is smoke pouring out of their window',
      'fire',
    ],
    ["my mum fell on Monday and she won't wake up", 'medical'],
    ['我们被困在山上了 天黑了 被困的话应该原地等还是自己下山', 'trapped'],
    ["my father went out on Monday and hasn't come back, he has dementia", 'trapped'],
  ] satisfies [string, EmergencyKind][],
};

const alarmsOf = (classifier: HotlineClassifier, texts: readonly string[]): string[] =>
  texts.filter((text) => {
    const c = classifier.classify(text);
    return c.emergency || classifier.explicitDanger(text) !== null;
  });

describe('emergency triage (shipped model)', function () {
  this.timeout(60000);
  let classifier: HotlineClassifier;
  before(() => {
    classifier = loadClassifier();
  });

  describe('the failures named in issue 8', () => {
    it('raises no alarm for a message without letters or Han characters', () => {
      assert.deepEqual(alarmsOf(classifier, NAMED.noLetters), []);
    });

    it('raises no alarm for a place typed as a form answer', () => {
      assert.deepEqual(alarmsOf(classifier, NAMED.formAnswers), []);
    });

    it('raises no alarm for routine requests that share words with emergencies', () => {
      assert.deepEqual(alarmsOf(classifier, NAMED.routine), []);
    });

    for (const [text, kind] of NAMED.missed) {
      it(`catches "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }
  });

  describe('words typed one character at a time, or pasted with zero-width spaces inside', () => {
    for (const [text, kind] of [
      ['救 命 啊 有 人 跳 河 了', 'suicide'],
      ['有 人 晕 倒 了', 'medical'],
      ['有人跳\u200b河了', 'suicide'],
    ] as const) {
      it(`catches ${JSON.stringify(text)} as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }
  });

  describe('the failure classes of the fresh batches', () => {
    it('raises no alarm for a topic word in a question or a service request', () => {
      assert.deepEqual(alarmsOf(classifier, CLASSES.topicQuestions), []);
    });

    for (const [text, kind] of CLASSES.statements) {
      it(`catches the explicit statement "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }

    it('raises no alarm for routine requests that read like danger', () => {
      assert.deepEqual(alarmsOf(classifier, CLASSES.lookAlikes), []);
    });

    it('raises no alarm for a lift mentioned with nothing about being stuck', () => {
      assert.deepEqual(alarmsOf(classifier, CLASSES.placeWords), []);
    });
  });

  describe('the failure classes of blind batches x and y', () => {
    for (const [text, kind] of XY.statements) {
      it(`catches "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }

    it('raises no alarm for danger words told as past, prevention, a joke or slang', () => {
      assert.deepEqual(alarmsOf(classifier, XY.lookAlikes), []);
    });

    for (const [text, kind] of XY.stillDanger) {
      it(`still catches "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }
  });

  describe('the failure classes of blind batches z1 and z2', () => {
    for (const [text, kind] of ZZ.statements) {
      it(`catches "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }

    it('raises no alarm for the look-alikes of the new cues', () => {
      assert.deepEqual(alarmsOf(classifier, ZZ.cueLookAlikes), []);
    });

    it('raises no alarm for danger words told as hyperbole, a cause, a condition or equipment', () => {
      assert.deepEqual(alarmsOf(classifier, ZZ.guardLookAlikes), []);
    });

    for (const [text, kind] of ZZ.stillDanger) {
      it(`still catches "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });
    }
  });

  describe('probe lists (test/fixtures/triage)', () => {
    for (const list of ['answers', 'punctuation', 'greetings'] as const) {
      it(`raises no alarm on any of ${forms[list].length} ${list}`, () => {
        assert.deepEqual(alarmsOf(classifier, forms[list]), []);
      });
    }

    it(`raises no alarm on any of ${probes.routine.length} routine look-alikes`, () => {
      assert.deepEqual(alarmsOf(classifier, probes.routine), []);
    });

    for (const kind of EMERGENCY_KINDS) {
      it(`catches every ${kind} emergency told in everyday words, Chinese and English`, () => {
        const missed = (probes.emergency[kind] ?? []).filter(
          (text) => !classifier.classify(text).emergency,
        );
        assert.deepEqual(missed, []);
      });
    }
  });

  describe('a company, a factory or a shop in the message', () => {
    for (const [text, kind] of AT_WORK.emergencies) {
      it(`raises the alarm for "${text}" as ${kind}`, () => {
        const c = classifier.classify(text);
        assert.equal(c.emergency, true, JSON.stringify(c));
        assert.equal(c.emergencyKind, kind);
      });

      it(`finds a danger statement in "${text}" typed into the form`, () => {
        assert.equal(classifier.explicitDanger(text)?.kind, kind);
      });
    }

    it(`raises no alarm for any of ${AT_WORK.names.length} bare company and factory names`, () => {
      assert.deepEqual(alarmsOf(classifier, AT_WORK.names), []);
    });
  });

  describe('evidence', () => {
    it('names the cue that raised an alarm', () => {
      const c = classifier.classify('着火了 快来人');
      assert.deepEqual(c.emergencyEvidence, { source: 'cue', matched: '着火' });
    });

    it('gives no evidence when there is no alarm', () => {
      assert.equal(classifier.classify('燃气费怎么交').emergencyEvidence, null);
    });

    it('names the danger word and the features that carried a model alarm', () => {
      const alarms = Object.values(probes.emergency)
        .flat()
        .map((text) => classifier.classify(text).emergencyEvidence)
        .filter((e) => e?.source === 'model');
      for (const evidence of alarms) {
        assert.ok(evidence?.matched, JSON.stringify(evidence));
        assert.ok((evidence?.features?.length ?? 0) > 0, JSON.stringify(evidence));
        assert.ok((evidence?.probability ?? 0) > 0, JSON.stringify(evidence));
      }
    });
  });

  describe('the narrow check for form answers', () => {
    it('finds explicit danger statements typed into the form', () => {
      assert.equal(classifier.explicitDanger('我爸突然晕倒了叫不醒')?.kind, 'medical');
      assert.equal(classifier.explicitDanger('help, my kitchen is on fire')?.kind, 'fire');
    });

    it('finds no danger statement in a place name', () => {
      assert.equal(classifier.explicitDanger('在崂山区海尔路那边'), null);
    });

    it('never reads a company name as a danger statement', () => {
      assert.equal(classifier.explicitDanger('青岛安全应急救援技术有限公司'), null);
      assert.equal(classifier.classify('青岛安全应急救援技术有限公司').emergency, false);
    });
  });
});
